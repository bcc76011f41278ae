package io.chaosplane.agent.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where this agent's httpProbes may go. Link-local addresses ({@code 169.254.0.0/16}, {@code fe80::/10}) and the
 * clouds' metadata services ({@code 169.254.169.254}, {@code fd00:ec2::254}, {@code 100.100.100.200},
 * {@code metadata.google.internal}) are refused whatever the control plane sends: they hand out the host's cloud
 * credentials. Only the host's policy file opens one, with an entry inside its range ({@code 169.254.169.254/32});
 * broad entries such as {@code 0.0.0.0/0} do not. With an allow list ({@code probes.http.allow}) a destination must
 * also be a listed host name ({@code api.example.com}, {@code *.example.com}) or have all its addresses inside a
 * listed address or CIDR.
 *
 * <p>Every address a name resolves to is checked, at task acceptance and again before each request and each redirect.
 * A name whose DNS answer changes between the check and the connection is not caught; an allow list of addresses
 * rather than names closes that gap.
 */
public final class ProbeDestinations {

    private static final List<Cidr> REFUSED_RANGES = List.of(
            Cidr.parse("169.254.0.0/16"),
            Cidr.parse("fe80::/10"),
            Cidr.parse("fd00:ec2::254/128"),
            Cidr.parse("100.100.100.200/32"));
    private static final List<String> REFUSED_NAMES = List.of("metadata.google.internal", "metadata");

    private final Optional<List<String>> allow;
    private final List<Cidr> allowedRanges;
    private final List<String> allowedNames;

    /** @param allow the policy's {@code probes.http.allow} entries; empty when the policy sets none */
    public ProbeDestinations(Optional<List<String>> allow) {
        this.allow = allow.map(List::copyOf);
        List<String> entries = this.allow.orElse(List.of());
        this.allowedRanges = entries.stream()
                .filter(ProbeDestinations::looksLikeAddress)
                .map(Cidr::parse)
                .toList();
        this.allowedNames = entries.stream()
                .filter(entry -> !looksLikeAddress(entry))
                .map(entry -> entry.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** Only the built-in refusals: an agent without a policy file. */
    public static ProbeDestinations defaults() {
        return new ProbeDestinations(Optional.empty());
    }

    /** Why a probe may not send a request to this URL, or empty when it may. */
    public Optional<String> refusal(URI url) {
        String host = url.getHost();
        if (host == null || !List.of("http", "https").contains(url.getScheme())) {
            return Optional.of("probe URL " + url + " is not an absolute http or https URL");
        }
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String lowerName = stripDot(name.toLowerCase(Locale.ROOT));
        if (REFUSED_NAMES.contains(lowerName) && !allowedNames.contains(lowerName)) {
            return Optional.of("destination " + host + " is a cloud metadata service, which this agent never probes"
                    + " unless its policy file (policy.file) lists it");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            // nothing to connect to; with an allow list an unresolvable name is refused, without one the request fails
            return allow.isPresent() && !nameAllowed(lowerName)
                    ? Optional.of("destination " + host + " cannot be resolved and is not in probes.http.allow")
                    : Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<Cidr> refusedRange = REFUSED_RANGES.stream()
                    .filter(range -> range.contains(address))
                    .findFirst();
            if (refusedRange.isPresent()
                    && allowedRanges.stream()
                            .noneMatch(range -> range.contains(address)
                                    && range.prefix() >= refusedRange.get().prefix())) {
                return Optional.of("destination " + host + " (" + address.getHostAddress()
                        + ") is a link-local or cloud metadata address, which this agent never probes unless its"
                        + " policy file (policy.file) lists it");
            }
        }
        if (allow.isEmpty() || nameAllowed(lowerName)) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (allowedRanges.stream().noneMatch(range -> range.contains(address))) {
                return Optional.of(
                        "destination " + host + " (" + address.getHostAddress() + ") is not in probes.http.allow");
            }
        }
        return Optional.empty();
    }

    private boolean nameAllowed(String name) {
        return allowedNames.stream()
                .anyMatch(entry -> entry.startsWith("*.")
                        ? name.endsWith(entry.substring(1)) && name.length() > entry.length() - 1
                        : stripDot(entry).equals(name));
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Addresses and CIDRs hold digits and dots, or colons; host names hold neither colons nor only digits. */
    static boolean looksLikeAddress(String entry) {
        return entry.contains(":") || entry.matches("[0-9./]+");
    }

    /** An address range; an address without a prefix is a range of one. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            if (!looksLikeAddress(address)) {
                throw new ConfigException("'" + text + "' is not an IP address or CIDR");
            }
            byte[] bytes;
            try {
                // only literals reach here (digits, dots, colons), so no DNS look-up happens
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new ConfigException("'" + text + "' is not an IP address or CIDR", e);
            }
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException("'" + text + "' has no valid prefix length", e);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new ConfigException("'" + text + "' has a prefix length out of range");
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] other = address.getAddress();
            if (other.length != network.length) {
                return false;
            }
            int shift = network.length * 8 - prefix;
            return new BigInteger(1, other).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }
}
