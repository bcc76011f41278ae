package io.chaosplane.protocol.probe;

/**
 * When and how often a probe runs. Durations are Go-style strings ({@code "180s"}, {@code "500ms"}).
 *
 * <ul>
 *   <li>{@code probeTimeout}: limit of one attempt.</li>
 *   <li>{@code interval}: pause between attempts, and between evaluations of Continuous and OnChaos probes.</li>
 *   <li>{@code attempt}: attempts before an evaluation counts as failed.</li>
 *   <li>{@code initialDelay}: wait before the first evaluation.</li>
 *   <li>{@code stopOnFailure}: a failure ends the chaos at once.</li>
 *   <li>{@code verbosity}: {@code info} or {@code debug}; debug logs every attempt's output.</li>
 * </ul>
 */
public record RunProperties(
        String probeTimeout,
        String interval,
        Integer attempt,
        String initialDelay,
        Boolean stopOnFailure,
        String verbosity) {}
