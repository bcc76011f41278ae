package io.chaosplane.controlplane.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may create accounts.
 *
 * @param selfSignup whether any person signed in may create an account of their own (and become its admin); when
 *     off, only platform administrators (the bootstrap administrator) create accounts, and everyone else joins an
 *     existing one through an invitation. Off by default: the demo and the bootstrap administrator need nothing more.
 */
@ConfigurationProperties("chaosplane.accounts")
record AccountProperties(@DefaultValue("false") boolean selfSignup) {}
