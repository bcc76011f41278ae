package io.chaosplane.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of the fuzz test, as it goes on the wire: the operation it aims at, what is hostile about it, and
 * its raw request target (which may hold bytes no URL allows), headers and body.
 */
public record HostileRequest(
        ApiOperation operation,
        String hostility,
        String method,
        byte[] target,
        Map<String, String> headers,
        byte[] body) {

    public HostileRequest {
        headers = new LinkedHashMap<>(headers);
    }

    HostileRequest withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(more);
        all.putAll(headers);
        return new HostileRequest(operation, hostility, method, target, all, body);
    }

    byte[] head(int port) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        head.writeBytes(target);
        StringBuilder rest = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port)
                .append("\r\nConnection: close\r\nAccept: application/json\r\n");
        headers.forEach(
                (name, value) -> rest.append(name).append(": ").append(value).append("\r\n"));
        if (!headers.containsKey("Content-Length") && (body.length > 0 || !method.equals("GET"))) {
            rest.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.writeBytes(rest.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        return head.toByteArray();
    }

    /** The request as a person reads it in a failure report: non-printable bytes escaped, a long body cut. */
    String describe() {
        StringBuilder out = new StringBuilder(method)
                .append(' ')
                .append(printable(target, 300))
                .append("  [")
                .append(hostility)
                .append(']');
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            boolean secret = lower.contains("key") || lower.contains("token") || lower.equals("authorization");
            out.append("\n    ").append(name).append(": ").append(secret ? "(credential)" : value);
        });
        if (body.length > 0) {
            out.append("\n    body (").append(body.length).append(" bytes): ").append(printable(body, 300));
        }
        return out.toString();
    }

    private static String printable(byte[] bytes, int limit) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, limit); i++) {
            int b = bytes[i] & 0xFF;
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return bytes.length > limit ? out.append("…").toString() : out.toString();
    }
}
