package io.chaosplane.controlplane.web;

/**
 * The page that asks before a destructive action: it works without scripts and with the keyboard alone.
 *
 * @param action where the confirming form posts
 * @param cancelUrl where "Cancel" goes back to
 */
public record Confirmation(String title, String message, String action, String button, String cancelUrl) {

    static final String VIEW = "confirm";
}
