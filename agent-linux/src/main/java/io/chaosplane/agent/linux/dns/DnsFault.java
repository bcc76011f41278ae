package io.chaosplane.agent.linux.dns;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code linux-dns-error} and {@code linux-dns-spoof}: a {@link DnsResponder} inside the agent, started for the
 * fault's duration, and the host's resolver pointed at it by rewriting {@code /etc/resolv.conf} to name it as the only
 * nameserver (its {@code search}, {@code domain} and {@code options} lines are kept). Names the fault does not pick go
 * to the upstream server: given, or the first nameserver the file named before. The plan records the file exactly
 * (its bytes, or the symbolic link it was, as with systemd-resolved's stub), so revert, from memory or from the journal
 * after a restart, puts back exactly that; a file someone rewrote meanwhile is left alone.
 */
public final class DnsFault implements Fault<DnsFault.State> {

    /** The two DNS faults of the catalogue. */
    public enum Kind {
        ERROR("linux-dns-error"),
        SPOOF("linux-dns-spoof");

        private final String faultName;

        Kind(String faultName) {
            this.faultName = faultName;
        }
    }

    /**
     * What revert puts back: the resolver file, its original bytes (base64) or the link it was, and the bytes this
     * fault writes (base64), by which revert knows the file is still this fault's.
     */
    public record State(String resolvConf, String original, String symlinkTarget, String written) {}

    private final Kind kind;
    private final Path resolvConf;
    private final InetSocketAddress listen;
    /** Responders of faults in force, by fault id; none while no DNS fault runs. */
    private final Map<String, DnsResponder> responders = new ConcurrentHashMap<>();

    /**
     * @param resolvConf the resolver configuration to point at the responder, {@code /etc/resolv.conf} on a host
     * @param listen where the responder listens; the resolver only asks port 53
     */
    public DnsFault(Kind kind, Path resolvConf, InetSocketAddress listen) {
        this.kind = kind;
        this.resolvConf = resolvConf;
        this.listen = listen;
    }

    /** Both DNS faults, on the same resolver file and responder address. */
    public static List<DnsFault> all(Path resolvConf, InetSocketAddress listen) {
        return Arrays.stream(Kind.values())
                .map(kind -> new DnsFault(kind, resolvConf, listen))
                .toList();
    }

    @Override
    public String name() {
        return kind.faultName;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        String symlinkTarget = Files.isSymbolicLink(resolvConf)
                ? Files.readSymbolicLink(resolvConf).toString()
                : null;
        byte[] original = Files.readAllBytes(resolvConf);
        String text = new String(original, StandardCharsets.UTF_8);
        StringBuilder written = new StringBuilder("# written by the ChaosPlane agent for ")
                .append(kind.faultName)
                .append(' ')
                .append(context.faultId())
                .append("; put back at revert\nnameserver ")
                .append(listen.getAddress().getHostAddress())
                .append('\n');
        text.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("search") || line.startsWith("domain") || line.startsWith("options"))
                .forEach(line -> written.append(line).append('\n'));
        return new State(
                resolvConf.toString(),
                symlinkTarget == null ? encode(original) : null,
                symlinkTarget,
                encode(written.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Optional<InetSocketAddress> upstream = upstream(inputs, planned);
        DnsRules rules = rules(inputs);
        DnsResponder responder = new DnsResponder(listen, rules, upstream, context.deadline());
        responders.put(context.faultId(), responder);
        Map<String, String> args = new LinkedHashMap<>(inputs.asText());
        args.put("Responder", listen.getAddress().getHostAddress() + ":" + listen.getPort());
        args.put("Upstream", upstream.map(InetSocketAddress::toString).orElse("none: other names fail"));
        context.log().info("[Chaos]: Started the DNS responder", args);
        if (planned.symlinkTarget() != null) {
            Files.delete(resolvConf);
        }
        // in place, not by renaming: in a container /etc/resolv.conf is a bind mount that cannot be replaced
        Files.write(resolvConf, decode(planned.written()));
        context.log().info("[Chaos]: Pointed " + resolvConf + " at the responder");
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        Path file = Path.of(state.resolvConf());
        byte[] written = decode(state.written());
        boolean ours = Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(file)
                && Arrays.equals(Files.readAllBytes(file), written);
        if (ours) {
            if (state.symlinkTarget() != null) {
                Files.delete(file);
                Files.createSymbolicLink(file, Path.of(state.symlinkTarget()));
            } else {
                Files.write(file, decode(state.original()));
            }
            context.log().info("[Chaos]: Put " + file + " back as it was");
        } else if (!matchesOriginal(file, state)) {
            context.log().warn("[Chaos]: " + file + " was changed by someone else during the fault; left as it is");
        }
        DnsResponder responder = responders.remove(context.faultId());
        if (responder != null) {
            responder.close();
            context.log().info("[Chaos]: Stopped the DNS responder");
        }
    }

    private static boolean matchesOriginal(Path file, State state) throws IOException {
        if (state.symlinkTarget() != null) {
            return Files.isSymbolicLink(file)
                    && Files.readSymbolicLink(file).toString().equals(state.symlinkTarget());
        }
        return Files.exists(file) && Arrays.equals(Files.readAllBytes(file), decode(state.original()));
    }

    private DnsRules rules(FaultInputs inputs) throws UnknownHostException {
        boolean substring = inputs.string("MatchScheme").equals("substring");
        if (kind == Kind.ERROR) {
            return DnsRules.error(inputs.string("ErrorCode"), inputs.list("HostNames", String.class), substring);
        }
        Map<String, InetAddress> spoofed = new LinkedHashMap<>();
        for (String pair : inputs.list("SpoofMap", String.class)) {
            int equals = pair.indexOf('=');
            spoofed.put(pair.substring(0, equals), literalAddress(pair.substring(equals + 1)));
        }
        return DnsRules.spoof(spoofed, substring);
    }

    /** The Upstream input, else the first nameserver the resolver file named that is not the responder. */
    private Optional<InetSocketAddress> upstream(FaultInputs inputs, State planned) throws IOException {
        Optional<String> given = inputs.optionalString("Upstream");
        if (given.isPresent()) {
            String value = given.get();
            int colon = value.lastIndexOf(':');
            boolean withPort = colon > 0 && (value.startsWith("[") || value.indexOf(':') == colon);
            String host = withPort ? value.substring(0, colon) : value;
            int port = withPort ? Integer.parseInt(value.substring(colon + 1)) : 53;
            return Optional.of(
                    new InetSocketAddress(literalAddress(host.replace("[", "").replace("]", "")), port));
        }
        byte[] original = planned.original() != null
                ? decode(planned.original())
                : Files.readAllBytes(Path.of(planned.resolvConf()));
        for (String line : new String(original, StandardCharsets.UTF_8).lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                InetAddress address = literalAddress(words[1]);
                if (!address.equals(listen.getAddress())) {
                    return Optional.of(new InetSocketAddress(address, 53));
                }
            }
        }
        return Optional.empty();
    }

    /** An IP address literal; names are refused so that the fault never resolves through what it breaks. */
    private static InetAddress literalAddress(String literal) throws UnknownHostException {
        if (!literal.matches("[0-9a-fA-F.:]+")) {
            throw new UnknownHostException(literal + " is no IP address");
        }
        return InetAddress.getByName(literal);
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }
}
