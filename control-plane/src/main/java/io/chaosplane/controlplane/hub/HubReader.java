package io.chaosplane.controlplane.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a hub: its {@code index.yaml} (each package's path and SHA-256) and every package file it names, from the jar
 * (the built-in hub), a Git repository (the {@code git} command with an argument list, shallow clone into a
 * temporary directory) or an HTTP base URL. Paths must stay inside the hub, files within the size limit.
 */
@Component
class HubReader {

    static final String INDEX = "index.yaml";
    static final String BUILT_IN = "hub/builtin/";

    private static final Pattern RELATIVE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** A package file as read, with the SHA-256 the index declares for it. */
    record Entry(String path, String declaredSha256, String content) {}

    record Index(List<IndexEntry> packages) {}

    record IndexEntry(String path, String sha256) {}

    /** Why a hub could not be read, in a sentence for its {@code last_error}. */
    static final class UnreadableHubException extends Exception {
        UnreadableHubException(String message) {
            super(message);
        }
    }

    private final HubProperties properties;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    HubReader(HubProperties properties) {
        this.properties = properties;
    }

    List<Entry> builtIn() {
        try {
            return entries(new Source() {
                @Override
                public byte[] read(String path) throws IOException {
                    try (InputStream in = new ClassPathResource(BUILT_IN + path).getInputStream()) {
                        return in.readNBytes(properties.maxPackageBytes() + 1);
                    }
                }
            });
        } catch (UnreadableHubException e) {
            throw new IllegalStateException("the built-in hub cannot be read: " + e.getMessage(), e);
        }
    }

    List<Entry> read(HubKind kind, String url, String ref) throws UnreadableHubException {
        return switch (kind) {
            case git -> git(url, ref);
            case http -> http(url);
        };
    }

    private interface Source {
        byte[] read(String path) throws IOException, UnreadableHubException;
    }

    private List<Entry> entries(Source source) throws UnreadableHubException {
        Index index;
        try {
            index = yaml.readValue(text(source, INDEX), Index.class);
        } catch (IOException | JacksonException e) {
            throw new UnreadableHubException(INDEX + " cannot be read: " + firstLine(e.getMessage()));
        }
        if (index == null || index.packages() == null) {
            throw new UnreadableHubException(INDEX + " lists no packages");
        }
        if (index.packages().size() > properties.maxPackages()) {
            throw new UnreadableHubException(
                    INDEX + " lists " + index.packages().size() + " packages, more than " + properties.maxPackages());
        }
        List<Entry> entries = new ArrayList<>();
        for (IndexEntry entry : index.packages()) {
            if (entry == null
                    || entry.path() == null
                    || !RELATIVE_PATH.matcher(entry.path()).matches()
                    || entry.path().contains("..")) {
                throw new UnreadableHubException(INDEX + " names a package path that is not a plain relative path");
            }
            if (entry.sha256() == null || !SHA256.matcher(entry.sha256()).matches()) {
                throw new UnreadableHubException(
                        INDEX + ": " + entry.path() + " has no SHA-256 (64 lower-case hex digits)");
            }
            try {
                entries.add(new Entry(entry.path(), entry.sha256(), text(source, entry.path())));
            } catch (IOException e) {
                throw new UnreadableHubException(entry.path() + " cannot be read: " + firstLine(e.getMessage()));
            }
        }
        return entries;
    }

    private String text(Source source, String path) throws IOException, UnreadableHubException {
        byte[] bytes = source.read(path);
        if (bytes.length > properties.maxPackageBytes()) {
            throw new UnreadableHubException(path + " is larger than " + properties.maxPackageBytes() + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Entry> git(String url, String ref) throws UnreadableHubException {
        Path checkout = null;
        try {
            checkout = Files.createTempDirectory("chaosplane-hub-");
            List<String> command = new ArrayList<>(List.of("git", "clone", "--quiet", "--depth", "1"));
            if (ref != null) {
                command.addAll(List.of("--branch", ref));
            }
            // "--" ends the options: neither the URL nor the directory can be read as one
            command.addAll(List.of("--", url, checkout.resolve("repo").toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.put("GIT_TERMINAL_PROMPT", "0");
            env.put("GIT_ASKPASS", "/bin/false");
            env.put("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
            // only the protocols a hub may use; ext:: and friends would run commands
            env.put(
                    "GIT_ALLOW_PROTOCOL",
                    properties.allowLocalRepositories() ? "https:http:ssh:git:file" : "https:http:ssh:git");
            Process process = builder.start();
            boolean done = process.waitFor(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
            String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!done) {
                process.destroyForcibly();
                throw new UnreadableHubException("git clone took longer than " + properties.timeout());
            }
            if (process.exitValue() != 0) {
                throw new UnreadableHubException("git clone failed: " + firstLine(output));
            }
            Path repo = checkout.resolve("repo").toRealPath();
            return entries(path -> {
                Path file = repo.resolve(path).normalize();
                if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(repo)) {
                    throw new UnreadableHubException(path + " is not a file of the repository");
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return in.readNBytes(properties.maxPackageBytes() + 1);
                }
            });
        } catch (IOException e) {
            throw new UnreadableHubException("git clone failed: " + firstLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreadableHubException("interrupted while reading the hub");
        } finally {
            delete(checkout);
        }
    }

    private List<Entry> http(String url) throws UnreadableHubException {
        String base = url.endsWith("/") ? url : url + "/";
        Duration timeout = properties.timeout();
        try (HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(Math.min(10, timeout.toSeconds())))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            return entries(path -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base).resolve(path))
                        .timeout(timeout)
                        .GET()
                        .build();
                try {
                    HttpResponse<InputStream> response =
                            client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = response.body()) {
                        if (response.statusCode() != 200) {
                            throw new UnreadableHubException(path + ": HTTP " + response.statusCode());
                        }
                        return in.readNBytes(properties.maxPackageBytes() + 1);
                    }
                } catch (HttpTimeoutException e) {
                    throw new UnreadableHubException(
                            "the hub at " + origin(base) + " did not answer " + path + " within " + timeout);
                } catch (ConnectException e) {
                    // the JDK's message is often empty here: say what happened, and where
                    throw new UnreadableHubException("cannot connect to the hub at " + origin(base)
                            + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
                } catch (IOException e) {
                    throw new UnreadableHubException("reading " + path + " from the hub at " + origin(base)
                            + " failed: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnreadableHubException("interrupted while reading the hub");
                }
            });
        }
    }

    /** Scheme, host and port only: a URL's user part never goes into an error someone reads. */
    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is the operating system's to clean
        }
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
