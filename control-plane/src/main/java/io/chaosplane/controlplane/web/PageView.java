package io.chaosplane.controlplane.web;

import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.Paging;
import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * One page of a long list, with links to the pages beside it that keep the list's filters.
 *
 * @param previousUrl null on the first page
 * @param nextUrl null on the last page
 */
public record PageView<T>(List<T> items, long total, int page, int pageSize, String previousUrl, String nextUrl) {

    static final int SIZE = 20;

    static Paging paging(int page) {
        return new Paging((Math.max(1, page) - 1) * SIZE, SIZE);
    }

    static <T> PageView<T> of(ListResponse<T> list) {
        int page = list.metadata().page();
        boolean more = (long) page * list.limit() < list.total();
        return new PageView<>(
                list.items(),
                list.total(),
                page,
                list.limit(),
                page > 1 ? link(page - 1) : null,
                more ? link(page + 1) : null);
    }

    public long from() {
        return items.isEmpty() ? 0 : (long) (page - 1) * pageSize + 1;
    }

    public long to() {
        return (long) (page - 1) * pageSize + items.size();
    }

    public boolean empty() {
        return items.isEmpty();
    }

    /** The current page's own path and query, the page number replaced. */
    private static String link(int page) {
        var uri = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", page)
                .build();
        return uri.getPath() + "?" + uri.getQuery();
    }
}
