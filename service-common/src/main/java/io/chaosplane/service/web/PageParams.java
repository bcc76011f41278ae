package io.chaosplane.service.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The paging query parameters every list accepts: seed 000's {@code limit}/{@code offset} or seed 003's
 * {@code page}/{@code pageSize}. Pages above 100 items are refused.
 */
public record PageParams(
        @Schema(description = "Max results (seed 000 style)", example = "50") @Min(1) @Max(MAX_PAGE_SIZE)
        Integer limit,

        @Schema(description = "Pagination offset (seed 000 style)", example = "0") @Min(0)
        Integer offset,

        @Schema(description = "Page number, from 1 (seed 003 style)", example = "1") @Min(1)
        Integer page,

        @Schema(description = "Items per page (seed 003 style)", example = "20") @Min(1) @Max(MAX_PAGE_SIZE)
        Integer pageSize) {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_LIMIT = 50;
    public static final int DEFAULT_PAGE_SIZE = 20;

    /** The window to read; page/pageSize win when given, else limit/offset with seed 000's default of 50. */
    public Paging paging() {
        if (page != null || pageSize != null) {
            int size = pageSize != null ? pageSize : DEFAULT_PAGE_SIZE;
            int number = page != null ? page : 1;
            return new Paging(Math.multiplyExact(number - 1, size), size);
        }
        return new Paging(offset != null ? offset : 0, limit != null ? limit : DEFAULT_LIMIT);
    }
}
