package io.chaosplane.controlplane.analysis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/** The built-in peer baseline, shipped as data ({@code analysis/benchmark-baseline.json}) with its sources named. */
@Component
class Baseline {

    static final List<String> METRICS = List.of("resilience_score", "spof_share", "run_pass_rate", "mttr_minutes");

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(String version, String note, List<Source> sources, List<Industry> industries) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Source(String name, String url, List<String> usedFor) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Industry(String industry, String name, Map<String, Distribution> metrics) {}

    record Distribution(double p10, double p25, double p50, double p75, double p90) {

        Distribution {
            if (!(p10 <= p25 && p25 <= p50 && p50 <= p75 && p75 <= p90)) {
                throw new IllegalArgumentException("percentiles must ascend");
            }
        }

        /**
         * The percentile rank of a value in this distribution: linear between the given percentiles, extended at
         * either end by the slope of the nearest segment, within 0 to 100.
         */
        double rank(double value) {
            double[] at = {p10, p25, p50, p75, p90};
            double[] pct = {10, 25, 50, 75, 90};
            if (value <= at[0]) {
                return clamp(10 - slope(at[0], at[1], 10, 25) * (at[0] - value));
            }
            if (value >= at[4]) {
                return clamp(90 + slope(at[3], at[4], 75, 90) * (value - at[4]));
            }
            for (int i = 0; i < 4; i++) {
                if (value <= at[i + 1]) {
                    return at[i + 1] == at[i]
                            ? (pct[i] + pct[i + 1]) / 2
                            : pct[i] + (pct[i + 1] - pct[i]) * (value - at[i]) / (at[i + 1] - at[i]);
                }
            }
            return 90;
        }

        private static double slope(double from, double to, double pctFrom, double pctTo) {
            return to == from ? 0 : (pctTo - pctFrom) / (to - from);
        }

        private static double clamp(double value) {
            return Math.max(0, Math.min(100, value));
        }
    }

    private final Document document;

    Baseline() {
        try (InputStream in = new ClassPathResource("analysis/benchmark-baseline.json").getInputStream()) {
            this.document = JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .build()
                    .readValue(in, Document.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the benchmark baseline cannot be read", e);
        }
        for (Industry industry : document.industries()) {
            if (!industry.metrics().keySet().containsAll(METRICS)) {
                throw new IllegalStateException("baseline industry " + industry.industry() + " lacks a metric");
            }
        }
    }

    Document document() {
        return document;
    }

    List<Industry> industries() {
        return document.industries();
    }

    Optional<Industry> industry(String name) {
        return document.industries().stream()
                .filter(industry -> industry.industry().equals(name))
                .findFirst();
    }
}
