package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.policy.PolicyViolationException;
import io.chaosplane.service.web.ApiException;
import io.chaosplane.service.web.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Failures of pages become pages in the product's style, never a stack trace or a JSON problem: 404 and 403 pages,
 * and for a refused action (409, 400, 503) the page it came from again with the reason on top. A browser asking for
 * a path that does not exist gets the 404 page; the API keeps its problem bodies.
 */
@Component
class WebErrorPages implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(WebErrorPages.class);

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // after Spring's DefaultErrorAttributes, which only takes note
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        boolean page = handler instanceof HandlerMethod method
                && method.getBeanType().getPackageName().equals(WebErrorPages.class.getPackageName());
        boolean browserLost = ex instanceof NoResourceFoundException
                && !request.getRequestURI().startsWith("/api/")
                && accepts(request, "text/html");
        if (!page && !browserLost) {
            return null;
        }
        if (ex instanceof UnauthorizedException) {
            return new ModelAndView("redirect:/login");
        }
        HttpStatus status = statusOf(ex);
        String message = ex instanceof ApiException
                ? ex.getMessage()
                : status == HttpStatus.SERVICE_UNAVAILABLE
                        ? "the database does not answer; try again in a moment"
                        : status == HttpStatus.NOT_FOUND
                                ? "There is nothing at this address."
                                : status.is4xxClientError()
                                        ? "The request was not understood."
                                        : "Something went wrong on our side.";
        if (status.is5xxServerError() && status != HttpStatus.SERVICE_UNAVAILABLE) {
            log.error("page {} {} failed", request.getMethod(), request.getRequestURI(), ex);
        } else {
            log.warn(
                    "page {} {} answered {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    status.value(),
                    message);
        }
        String back = sameOriginReferer(request);
        boolean refusedAction = "POST".equals(request.getMethod())
                && back != null
                && (status == HttpStatus.CONFLICT
                        || status == HttpStatus.BAD_REQUEST
                        || status == HttpStatus.SERVICE_UNAVAILABLE
                        || ex instanceof PolicyViolationException);
        if (refusedAction) {
            RequestContextUtils.getOutputFlashMap(request).put("error", message);
            return new ModelAndView("redirect:" + back);
        }
        String view =
                status == HttpStatus.NOT_FOUND ? "error/404" : status == HttpStatus.FORBIDDEN ? "error/403" : "error";
        ModelAndView errorPage = new ModelAndView(
                view, Map.of("status", status.value(), "error", status.getReasonPhrase(), "message", message));
        errorPage.setStatus(status);
        return errorPage;
    }

    private static HttpStatus statusOf(Exception ex) {
        return switch (ex) {
            case ApiException api -> api.status();
            case NoResourceFoundException ignored -> HttpStatus.NOT_FOUND;
            case MethodArgumentTypeMismatchException ignored -> HttpStatus.NOT_FOUND; // a malformed id names nothing
            case MissingServletRequestParameterException ignored -> HttpStatus.BAD_REQUEST;
            case CannotGetJdbcConnectionException ignored -> HttpStatus.SERVICE_UNAVAILABLE;
            case CannotCreateTransactionException ignored -> HttpStatus.SERVICE_UNAVAILABLE;
            case DataAccessResourceFailureException ignored -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The referring page's path and query, when it is one of ours. */
    private static String sameOriginReferer(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        if (referer == null) {
            return null;
        }
        try {
            URI uri = URI.create(referer);
            if (uri.getHost() != null && !uri.getHost().equals(request.getServerName())) {
                return null;
            }
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                return null;
            }
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean accepts(HttpServletRequest request, String type) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(type);
    }
}
