package io.chaosplane.service.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The one list envelope of the product: seed 003's Kubernetes-like {@code apiVersion}/{@code kind}/
 * {@code metadata}/{@code items} and seed 000's {@code total}/{@code limit}/{@code offset}, so that scripts
 * written against either keep working.
 */
public record ListResponse<T>(
        String apiVersion,
        String kind,
        Metadata metadata,
        List<T> items,
        long total,
        int limit,
        int offset,

        @Schema(
                description = "Where the next page starts: pass it back as the cursor parameter (lists that"
                        + " take one). Absent on the last page.")
        String cursor) {

    public record Metadata(long totalCount, int page, int pageSize) {}

    public static <T> ListResponse<T> of(String kind, List<T> items, long total, Paging paging) {
        return new ListResponse<>(
                "v1",
                kind,
                new Metadata(total, paging.page(), paging.limit()),
                List.copyOf(items),
                total,
                paging.limit(),
                paging.offset(),
                null);
    }

    /** The same page, telling where the next one starts; null on the last page. */
    public ListResponse<T> withCursor(String next) {
        return new ListResponse<>(apiVersion, kind, metadata, items, total, limit, offset, next);
    }
}
