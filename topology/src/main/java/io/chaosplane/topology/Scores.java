package io.chaosplane.topology;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding as the API shows figures: half up, so that 83.35 shows as 83.4 everywhere. */
public final class Scores {

    private Scores() {}

    public static double round(double value, int decimals) {
        return BigDecimal.valueOf(value)
                .setScale(decimals, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
