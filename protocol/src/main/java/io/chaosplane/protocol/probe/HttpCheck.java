package io.chaosplane.protocol.probe;

/**
 * What an HTTP probe sends and expects. Exactly one of {@code responseCode} and {@code responseBody} is set: with
 * {@code responseCode}, {@code criteria} is an int criterion ({@code ==}, {@code !=}, {@code oneOf}...) on the status
 * code; with {@code responseBody}, a string criterion ({@code equal}, {@code contains}, {@code matches}...) on the body.
 * {@code contentType} and {@code body} are only used by post.
 */
public record HttpCheck(String criteria, String responseCode, String responseBody, String contentType, String body) {

    public static HttpCheck responseCode(String criteria, String responseCode) {
        return new HttpCheck(criteria, responseCode, null, null, null);
    }

    public static HttpCheck responseBody(String criteria, String responseBody) {
        return new HttpCheck(criteria, null, responseBody, null, null);
    }
}
