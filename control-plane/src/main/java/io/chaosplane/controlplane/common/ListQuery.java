package io.chaosplane.controlplane.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A list's SQL with its named parameters, built apart from running it so that a test can {@code EXPLAIN} exactly the
 * statement the list runs.
 */
public record ListQuery(String sql, Map<String, Object> params) {

    public ListQuery {
        // a copy that keeps null values, which Map.copyOf refuses
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
