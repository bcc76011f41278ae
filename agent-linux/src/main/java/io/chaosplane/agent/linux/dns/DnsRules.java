package io.chaosplane.agent.linux.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the responder does with a query: for {@code linux-dns-error} every matching name gets the error code, for
 * {@code linux-dns-spoof} a matching name gets the address it is mapped to; anything else goes to the upstream server.
 * Names are compared without case and without the trailing dot, exactly or as a substring.
 *
 * @param errorCode the DNS response code of a failed name ({@code NXDOMAIN}, {@code SERVFAIL}, {@code REFUSED}), for
 *     errors only
 * @param hostNames names that fail; empty means every name, for errors only
 * @param spoofed addresses by name, for spoofing only
 */
record DnsRules(String errorCode, List<String> hostNames, Map<String, InetAddress> spoofed, boolean substring) {

    /** The outcome for one name. */
    sealed interface Verdict {}

    record Fail(String errorCode) implements Verdict {}

    record Spoof(InetAddress address) implements Verdict {}

    record Forward() implements Verdict {}

    DnsRules {
        hostNames = hostNames.stream().map(DnsRules::normal).toList();
        spoofed = Map.copyOf(spoofed);
    }

    static DnsRules error(String errorCode, List<String> hostNames, boolean substring) {
        return new DnsRules(errorCode, hostNames, Map.of(), substring);
    }

    static DnsRules spoof(Map<String, InetAddress> spoofed, boolean substring) {
        return new DnsRules(null, List.of(), spoofed, substring);
    }

    Verdict decide(String queriedName) {
        String name = normal(queriedName);
        if (errorCode != null) {
            return hostNames.isEmpty() || hostNames.stream().anyMatch(host -> matches(name, host))
                    ? new Fail(errorCode)
                    : new Forward();
        }
        Optional<InetAddress> address = spoofed.entrySet().stream()
                .filter(entry -> matches(name, normal(entry.getKey())))
                .map(Map.Entry::getValue)
                .findFirst();
        return address.<Verdict>map(Spoof::new).orElseGet(Forward::new);
    }

    private boolean matches(String name, String host) {
        return substring ? name.contains(host) : name.equals(host);
    }

    private static String normal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
