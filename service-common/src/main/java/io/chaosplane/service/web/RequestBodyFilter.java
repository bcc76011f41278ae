package io.chaosplane.service.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides which request bodies reach a service: text in UTF-8 (JSON, YAML or plain text, as each endpoint says),
 * up to a size. A multipart body, a form body other than a POST's (the web pages' forms), a Content-Type that is no
 * media type or a charset other than UTF-8 is 415; a body
 * declared larger than the limit 413 at once, and one that grows past it while being read 413 too. The body is
 * checked while it is read ({@link CheckedBodyStream}): bytes that are not UTF-8, or a NUL, are 400.
 *
 * <p>A body with a {@code Content-Encoding} is 415, except {@code gzip} on the paths a service lists (the discovery
 * agents' uploads): that one is inflated as it is read, the wire bytes held to the usual limit and the inflated ones
 * checked as above against a limit of their own ({@code maxInflatedBytes}), past which it is 413 too.
 *
 * <p>The one exception is an allow-list of POST routes that take file uploads ({@code multipart/form-data}): there a
 * multipart body is let through when it declares its length and that length is within its own limit, since the
 * container parses it before any controller runs (and the container's own multipart limits are a second guard).
 */
public class RequestBodyFilter extends OncePerRequestFilter {

    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED_VALUE;

    private static final String MULTIPART_FORM = MediaType.MULTIPART_FORM_DATA_VALUE;

    private final long maxBytes;
    private final JsonMapper jsonMapper;
    private final List<String> gzipPaths;
    private final long maxInflatedBytes;
    private final AntPathMatcher paths = new AntPathMatcher();
    private final Set<String> multipartPaths;
    private final long maxMultipartBytes;

    public RequestBodyFilter(long maxBytes, JsonMapper jsonMapper) {
        this(maxBytes, jsonMapper, List.of(), maxBytes, Set.of(), 0);
    }

    /**
     * @param gzipPaths Ant patterns of the paths that take a gzip'd body
     * @param maxInflatedBytes how large such a body may grow once inflated
     * @param multipartPaths the request paths (exact, without the context path) whose POSTs may be multipart
     * @param maxMultipartBytes the largest multipart body those take, declared in Content-Length
     */
    public RequestBodyFilter(
            long maxBytes,
            JsonMapper jsonMapper,
            List<String> gzipPaths,
            long maxInflatedBytes,
            Set<String> multipartPaths,
            long maxMultipartBytes) {
        this.maxBytes = maxBytes;
        this.jsonMapper = jsonMapper;
        this.gzipPaths = List.copyOf(gzipPaths);
        this.maxInflatedBytes = maxInflatedBytes;
        this.multipartPaths = Set.copyOf(multipartPaths);
        this.maxMultipartBytes = maxMultipartBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isMultipart(request) && isMultipartRoute(request)) {
            uploads(request, response, chain);
            return;
        }
        Optional<String> refusal = unsupportedContentType(request);
        if (refusal.isPresent()) {
            refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, refusal.get());
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "request body larger than " + maxBytes + " bytes");
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.strip())) {
            if (!"gzip".equalsIgnoreCase(encoding.strip()) || !takesGzip(request)) {
                refuse(
                        request,
                        response,
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding '" + encoding + "' is not accepted here: send the body as it is");
                return;
            }
            chain.doFilter(new InflatedRequest(request), response);
            return;
        }
        chain.doFilter(new CheckedRequest(request), response);
    }

    private boolean takesGzip(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return gzipPaths.stream().anyMatch(pattern -> paths.match(pattern, path));
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null
                && contentType.strip().regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    private boolean isMultipartRoute(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod()) && multipartPaths.contains(path);
    }

    /**
     * An allow-listed upload: form data only, its length declared (a chunked body could only be measured after the
     * container had buffered it) and within the multipart limit.
     */
    private void uploads(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.getContentType().strip().regionMatches(true, 0, MULTIPART_FORM, 0, MULTIPART_FORM.length())) {
            refuse(
                    request,
                    response,
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "only multipart/form-data is taken here, not " + request.getContentType());
            return;
        }
        long length = request.getContentLengthLong();
        if (length < 0) {
            refuse(request, response, HttpStatus.LENGTH_REQUIRED, "a multipart body must declare its Content-Length");
            return;
        }
        if (length > maxMultipartBytes) {
            refuse(
                    request,
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "multipart body larger than " + maxMultipartBytes + " bytes");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Why the request's Content-Type is refused, if it is. Multipart is refused on every request but the allow-listed
     * uploads: the servlet container would parse it before any controller could say so.
     */
    private static Optional<String> unsupportedContentType(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            return Optional.empty();
        }
        if (contentType.strip().regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
            return Optional.of(
                    "multipart bodies are not supported: send JSON, YAML or plain text as the endpoint" + " says");
        }
        if (!hasBody(request)) {
            return Optional.empty();
        }
        if (!"POST".equals(request.getMethod()) && contentType.strip().regionMatches(true, 0, FORM, 0, FORM.length())) {
            // Spring would parse it as parameters before any controller could refuse it
            return Optional.of("form bodies are taken by POST only: send JSON");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return Optional.of("Content-Type '" + contentType + "' is not a media type");
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return Optional.of("Content-Type '" + contentType + "' names no type of body: send application/json");
        }
        String charset = type.getParameter("charset");
        if (charset != null && !isUtf8(charset)) {
            return Optional.of("charset '" + charset + "' is not supported: send UTF-8");
        }
        return Optional.empty();
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset.strip().replace("\"", "")).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        ProblemResponses.write(response, jsonMapper, request.getRequestURI(), Problems.of(status, message));
    }

    /** A gzip'd body: inflated, then checked as any body is, against the inflated limit. */
    private final class InflatedRequest extends CheckedRequest {

        InflatedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        ServletInputStream checkedStream() throws IOException {
            return new CheckedBodyStream(
                    new InflatedBodyStream(getRequest().getInputStream(), maxBytes), maxInflatedBytes, -1);
        }

        @Override
        public String getHeader(String name) {
            return "Content-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return "Content-Encoding".equalsIgnoreCase(name)
                    ? java.util.Collections.emptyEnumeration()
                    : super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }
    }

    private class CheckedRequest extends HttpServletRequestWrapper {

        private ServletInputStream checked;
        private BufferedReader reader;

        CheckedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (checked == null) {
                checked = checkedStream();
            }
            return checked;
        }

        ServletInputStream checkedStream() throws IOException {
            return new CheckedBodyStream(super.getInputStream(), maxBytes, getContentLengthLong());
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                reader = new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
            }
            return reader;
        }
    }
}
