package io.chaosplane.service.web;

import java.util.List;

/**
 * The one list envelope of the product: seed 003's Kubernetes-like {@code apiVersion}/{@code kind}/
 * {@code metadata}/{@code items} and seed 000's {@code total}/{@code limit}/{@code offset}, so that scripts
 * written against either keep working.
 */
public record ListResponse<T>(
        String apiVersion, String kind, Metadata metadata, List<T> items, long total, int limit, int offset) {

    public record Metadata(long totalCount, int page, int pageSize) {}

    public static <T> ListResponse<T> of(String kind, List<T> items, long total, Paging paging) {
        return new ListResponse<>(
                "v1",
                kind,
                new Metadata(total, paging.page(), paging.limit()),
                List.copyOf(items),
                total,
                paging.limit(),
                paging.offset());
    }
}
