package io.chaosplane.controlplane.schedule;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may point: absolute http(s) URLs whose host resolves to public addresses only, unless private targets
 * are allowed. Checked when a webhook is made and again before every attempt, as a name may resolve elsewhere later.
 */
@Component
class WebhookTargets {

    static final int MAX_URL_LENGTH = 2000;

    private final AlertWebhookProperties properties;

    WebhookTargets(AlertWebhookProperties properties) {
        this.properties = properties;
    }

    /** Why the URL is refused, if it is. */
    Optional<String> refusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters");
        }
        if (url.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must be an absolute http or https URL");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("must not carry credentials; the signature authenticates ChaosPlane");
        }
        if (properties.allowPrivateTargets()) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                return Optional.of("resolves to a private, loopback or link-local address, which webhooks may not"
                        + " call (chaosplane.alert-webhooks.allow-private-targets)");
            }
        }
        return Optional.empty();
    }

    static boolean isPrivate(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        boolean carrierNat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        return address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()
                || uniqueLocalV6
                || carrierNat;
    }
}
