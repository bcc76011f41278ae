package io.chaosplane.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile requests for one operation, drawn from a seeded {@link Random}: malformed path and query values (NUL,
 * encoded slashes, invalid percent-encoding, overlong UTF-8, huge, of the wrong type) and malformed bodies (truncated,
 * members of the wrong kind, deep nesting, huge strings, NUL, invalid UTF-8, wrong content types). Everything else
 * about a request is left valid, so that each request tests one hostility.
 */
final class HostileRequests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    /** Raw, as they go into the request target: percent-escapes stay escapes, and hex-marked bytes go raw. */
    private static final List<String> HOSTILE_SEGMENTS = List.of(
            "%00",
            "a%00b",
            "%2F",
            "a%2Fb",
            "%2f..%2f",
            "%5C",
            "a%5Cb",
            "%zz",
            "%",
            "%G1",
            "%C0%AF",
            "%E0%80%AF",
            "%ED%A0%80",
            "%F4%90%80%80",
            "%FF",
            "..",
            "%2e%2e",
            "a;b=c",
            "%3B",
            "%0D%0Aset-cookie:x",
            "%E2%80%AE",
            "%F0%9F%9A%80",
            "%20",
            "%7B%7D",
            "%25",
            "raw:c0af",
            "raw:ff",
            "-1",
            "0",
            "99999999999999999999",
            "00000000-0000-0000-0000-000000000000",
            "not-a-uuid");

    private static final List<String> HOSTILE_VALUES = List.of(
            "%00",
            "1%00",
            "%zz",
            "%",
            "%C0%AF",
            "%ED%A0%80",
            "%FF",
            "-1",
            "0",
            "99999999999999999999",
            "1e309",
            "NaN",
            "1.5",
            "true",
            "%5B%5D",
            "%7B%7D",
            "",
            "%2F",
            "..%2F..",
            "%0D%0A",
            "%E2%80%AE",
            "a%3Bb",
            "%25%32%65");

    private static final List<String> CONTENT_TYPES = List.of(
            "multipart/form-data; boundary=fuzz",
            "multipart/form-data",
            "multipart/mixed; boundary=x",
            "text/plain",
            "application/x-www-form-urlencoded",
            "",
            "application/json; charset=ISO-8859-1",
            "application/json; charset=UTF-16",
            "application/json; charset=bogus",
            "application/octet-stream",
            "foo",
            "application/xml",
            "*/*");

    private final Random random;
    private final long maxBody;
    private final Map<String, String> plainValues;

    /**
     * @param plainValues values for parameters that are not the hostile one, by name: those a request needs to get
     *     past the parameters to its body (an account and a key that its token covers); others get plain ones
     */
    HostileRequests(Random random, long maxBody, Map<String, String> plainValues) {
        this.random = random;
        this.maxBody = maxBody;
        this.plainValues = plainValues;
    }

    /** {@code count} requests for the operation; every kind of hostility it can take comes up. */
    List<HostileRequest> forOperation(ApiOperation operation, int count) {
        List<Function<ApiOperation, HostileRequest>> kinds = new ArrayList<>();
        if (operation.parameters().stream().anyMatch(p -> p.in().equals("path"))) {
            kinds.add(this::hostilePath);
        }
        kinds.add(this::hostileQuery);
        kinds.add(this::hostileBody);
        kinds.add(this::hostileContentType);
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(kinds.get(i % kinds.size()).apply(operation));
        }
        return requests;
    }

    private HostileRequest hostilePath(ApiOperation operation) {
        List<ApiOperation.Parameter> inPath = operation.parameters().stream()
                .filter(p -> p.in().equals("path"))
                .toList();
        ApiOperation.Parameter target = inPath.get(random.nextInt(inPath.size()));
        String hostile = pick(HOSTILE_SEGMENTS);
        if (random.nextInt(8) == 0) {
            hostile = "x".repeat(5000);
        }
        return request(
                operation,
                "path " + target.name() + "=" + hostile,
                target(operation, target.name(), hostile),
                validBody(operation));
    }

    private HostileRequest hostileQuery(ApiOperation operation) {
        List<ApiOperation.Parameter> inQuery = operation.parameters().stream()
                .filter(p -> p.in().equals("query"))
                .toList();
        String name = inQuery.isEmpty() || random.nextInt(5) == 0
                ? pick(List.of("unknown", "%00", "a%00b", "%zz", "%C0%AF"))
                : inQuery.get(random.nextInt(inQuery.size())).name();
        String value = random.nextInt(10) == 0 ? "y".repeat(6000) : pick(HOSTILE_VALUES);
        String hostile = name + "=" + value + (random.nextBoolean() ? "&" + name + "=" + pick(HOSTILE_VALUES) : "");
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        target.writeBytes(path(operation, null, null));
        target.writeBytes(utf8(query(operation, name, hostile)));
        return request(operation, "query " + name + "=" + value, target.toByteArray(), validBody(operation));
    }

    private HostileRequest hostileBody(ApiOperation operation) {
        JsonNode sample = operation.sampleBody() == null ? JSON.createObjectNode() : operation.sampleBody();
        String text = JSON.writeValueAsString(sample);
        int kind = random.nextInt(12);
        byte[] body;
        String hostility;
        switch (kind) {
            case 0 -> {
                int cut = text.isEmpty() ? 0 : random.nextInt(text.length());
                body = utf8(text.substring(0, cut));
                hostility = "body truncated at " + cut;
            }
            case 1, 2 -> {
                JsonNode changed = withWrongKind(sample.deepCopy());
                body = utf8(JSON.writeValueAsString(changed));
                hostility = "body member of the wrong kind";
            }
            case 3 -> {
                int depth = 600 + random.nextInt(3000);
                body = utf8(
                        random.nextBoolean()
                                ? "[".repeat(depth) + "]".repeat(depth)
                                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
                hostility = "body nested " + depth + " deep";
            }
            case 4 -> {
                int length = (int) Math.min(maxBody / 2, 200_000 + random.nextInt(700_000));
                body = utf8(withString(sample.deepCopy(), "z".repeat(length)));
                hostility = "body with a huge string";
            }
            case 5 -> {
                body = utf8(withString(sample.deepCopy(), "fuzz\u0000nul"));
                hostility = "body with an escaped NUL";
            }
            case 6 -> {
                String marker = "FUZZ_BYTES";
                String withMarker = withString(sample.deepCopy(), marker);
                String hex = pick(List.of("c0af", "e080af", "eda080", "f4908080", "ff", "80", "c3", "00"));
                int at = withMarker.indexOf(marker);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.writeBytes(utf8(withMarker.substring(0, at)));
                bytes.writeBytes(HexFormat.of().parseHex(hex));
                bytes.writeBytes(utf8(withMarker.substring(at + marker.length())));
                body = bytes.toByteArray();
                hostility = "body with bytes " + hex;
            }
            case 7 -> {
                body = utf8(pick(List.of("", "null", "[]", "\"x\"", "123", "true", "{}", "{\"\":{}}", "[null]")));
                hostility = "body of the wrong shape";
            }
            case 8 -> {
                body = utf8(text + " " + text);
                hostility = "body with trailing content";
            }
            case 9 -> {
                body = utf8("{\"" + "k".repeat(100) + "\":[" + "1,".repeat(100_000) + "1]}");
                hostility = "body of many tokens";
            }
            case 10 -> {
                // declared larger than the limit, and cut short: refused on its length before a byte is read
                long declared = maxBody + 1 + random.nextInt(1_000_000);
                HostileRequest request = request(
                        operation,
                        "body declared " + declared + " bytes long",
                        target(operation, null, null),
                        utf8(text));
                Map<String, String> headers = new LinkedHashMap<>(request.headers());
                headers.put("Content-Length", Long.toString(declared));
                return new HostileRequest(
                        operation, request.hostility(), request.method(), request.target(), headers, request.body());
            }
            default -> {
                body = utf8(text.replace("\"", "'"));
                hostility = "body that is not JSON";
            }
        }
        return request(operation, hostility, target(operation, null, null), body);
    }

    private HostileRequest hostileContentType(ApiOperation operation) {
        String type = pick(CONTENT_TYPES);
        byte[] body = type.startsWith("multipart/")
                ? utf8("--fuzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--fuzz--\r\n")
                : type.startsWith("application/x-www-form-urlencoded") ? utf8("a=b&c=%00&d=%zz") : validBody(operation);
        HostileRequest request = request(operation, "Content-Type '" + type + "'", target(operation, null, null), body);
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put("Content-Type", type);
        return new HostileRequest(
                operation, request.hostility(), request.method(), request.target(), headers, request.body());
    }

    private HostileRequest request(ApiOperation operation, String hostility, byte[] target, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body.length > 0) {
            headers.put("Content-Type", operation.bodyTypes().isEmpty() ? "application/json" : bodyType(operation));
        }
        return new HostileRequest(operation, hostility, operation.method(), target, headers, body);
    }

    private static String bodyType(ApiOperation operation) {
        return operation.bodyTypes().stream()
                .filter(type -> type.contains("json"))
                .findFirst()
                .orElse(operation.bodyTypes().getFirst());
    }

    private byte[] validBody(ApiOperation operation) {
        if (!operation.takesBody()) {
            return new byte[0];
        }
        return operation.sampleBody() == null || !bodyType(operation).contains("json")
                ? utf8("fuzz")
                : utf8(JSON.writeValueAsString(operation.sampleBody()));
    }

    /** The path with its parameters filled: {@code hostileName} with {@code hostile}, the others with plain values. */
    private byte[] path(ApiOperation operation, String hostileName, String hostile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        int last = 0;
        while (matcher.find()) {
            out.writeBytes(utf8(operation.path().substring(last, matcher.start())));
            String name = matcher.group(1);
            if (name.equals(hostileName)) {
                out.writeBytes(
                        hostile.startsWith("raw:")
                                ? HexFormat.of().parseHex(hostile.substring(4))
                                : hostile.getBytes(StandardCharsets.US_ASCII));
            } else {
                String plain = plainValues.get(name);
                out.writeBytes(utf8(
                        plain != null
                                ? java.net.URLEncoder.encode(plain, StandardCharsets.UTF_8)
                                : plainValue(operation, name)));
            }
            last = matcher.end();
        }
        out.writeBytes(utf8(operation.path().substring(last)));
        return out.toByteArray();
    }

    /** The target with its plain query: the parameters that are required or have a plain value. */
    private byte[] target(ApiOperation operation, String hostilePathParameter, String hostile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(path(operation, hostilePathParameter, hostile));
        out.writeBytes(utf8(query(operation, null, null)));
        return out.toByteArray();
    }

    /** {@code ?a=1&b=2} of the plain parameters, the one named {@code hostileName} replaced by {@code hostile}. */
    private String query(ApiOperation operation, String hostileName, String hostile) {
        List<String> pairs = new ArrayList<>();
        for (ApiOperation.Parameter parameter : operation.parameters()) {
            if (!parameter.in().equals("query") || parameter.name().equals(hostileName)) {
                continue;
            }
            String plain = plainValues.get(parameter.name());
            if (plain != null || parameter.required()) {
                pairs.add(parameter.name() + "="
                        + java.net.URLEncoder.encode(
                                plain != null ? plain : plainValue(operation, parameter.name()),
                                StandardCharsets.UTF_8));
            }
        }
        if (hostile != null) {
            pairs.add(hostile);
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private String plainValue(ApiOperation operation, String name) {
        boolean uuid = operation.parameters().stream()
                .anyMatch(p -> p.name().equals(name) && p.type().equals("uuid"));
        return uuid || name.toLowerCase(java.util.Locale.ROOT).endsWith("id") && !name.equals("accountID")
                ? new java.util.UUID(random.nextLong(), random.nextLong()).toString()
                : "fuzz-" + Integer.toHexString(random.nextInt(0x10000));
    }

    /** The sample with one member, at any depth, replaced by a value of another kind. */
    private JsonNode withWrongKind(JsonNode sample) {
        JsonNode wrong = pick(List.of(
                JSON.createArrayNode(),
                JSON.createArrayNode().add(1).add("x"),
                JSON.createObjectNode().put("x", 1),
                JSON.getNodeFactory().numberNode(-1),
                JSON.getNodeFactory().numberNode(1e300),
                JSON.getNodeFactory().booleanNode(false),
                JSON.getNodeFactory().nullNode(),
                JSON.getNodeFactory().stringNode("")));
        List<Runnable> replacements = new ArrayList<>();
        collect(sample, wrong, replacements);
        if (replacements.isEmpty()) {
            return wrong;
        }
        pick(replacements).run();
        return sample;
    }

    private static void collect(JsonNode node, JsonNode wrong, List<Runnable> replacements) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                replacements.add(() -> object.set(name, wrong));
                collect(object.get(name), wrong, replacements);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                replacements.add(() -> array.set(index, wrong));
                collect(array.get(i), wrong, replacements);
            }
        }
    }

    /** The sample, as JSON, with one of its strings (or a new member when it has none) set to {@code value}. */
    private String withString(JsonNode sample, String value) {
        List<Runnable> replacements = new ArrayList<>();
        collectStrings(sample, value, replacements);
        if (replacements.isEmpty()) {
            if (sample instanceof ObjectNode object) {
                object.put("name", value);
            } else {
                return JSON.writeValueAsString(JSON.getNodeFactory().stringNode(value));
            }
        } else {
            pick(replacements).run();
        }
        return JSON.writeValueAsString(sample);
    }

    private static void collectStrings(JsonNode node, String value, List<Runnable> replacements) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                if (object.get(name).isString()) {
                    replacements.add(() -> object.put(name, value));
                }
                collectStrings(object.get(name), value, replacements);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                if (array.get(i).isString()) {
                    replacements.add(
                            () -> array.set(index, JSON.getNodeFactory().stringNode(value)));
                }
                collectStrings(array.get(i), value, replacements);
            }
        }
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
