package io.chaosplane.controlplane.common;

import java.util.Map;

/**
 * A list's SQL with its named parameters, built apart from running it so that a test can {@code EXPLAIN} exactly the
 * statement the list runs.
 */
public record ListQuery(String sql, Map<String, Object> params) {

    public ListQuery {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
