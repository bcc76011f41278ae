package io.chaosplane.controlplane.common;

import io.chaosplane.service.web.Paging;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** A Spring Data page request at any offset, not only at multiples of the page size as PageRequest allows. */
public record OffsetPageable(long offset, int limit, Sort sort) implements Pageable {

    public static OffsetPageable of(Paging paging, Sort sort) {
        return new OffsetPageable(paging.offset(), paging.limit(), sort);
    }

    @Override
    public int getPageNumber() {
        return (int) (offset / limit);
    }

    @Override
    public int getPageSize() {
        return limit;
    }

    @Override
    public long getOffset() {
        return offset;
    }

    @Override
    public Sort getSort() {
        return sort;
    }

    @Override
    public Pageable next() {
        return new OffsetPageable(offset + limit, limit, sort);
    }

    @Override
    public Pageable previousOrFirst() {
        return hasPrevious() ? new OffsetPageable(Math.max(0, offset - limit), limit, sort) : first();
    }

    @Override
    public Pageable first() {
        return new OffsetPageable(0, limit, sort);
    }

    @Override
    public Pageable withPage(int pageNumber) {
        return new OffsetPageable((long) pageNumber * limit, limit, sort);
    }

    @Override
    public boolean hasPrevious() {
        return offset > 0;
    }
}
