package io.chaosplane.agent.linux;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.linux.api.ApiFault;
import io.chaosplane.agent.linux.check.StatusCheckFault;
import io.chaosplane.agent.linux.disk.DiskFillFault;
import io.chaosplane.agent.linux.disk.FsFillFault;
import io.chaosplane.agent.linux.dns.DnsFault;
import io.chaosplane.agent.linux.jvm.JvmFault;
import io.chaosplane.agent.linux.network.TrafficControl;
import io.chaosplane.agent.linux.network.TrafficFault;
import io.chaosplane.agent.linux.process.ProcessKillFault;
import io.chaosplane.agent.linux.process.ProcessStopFault;
import io.chaosplane.agent.linux.service.ServiceRestartFault;
import io.chaosplane.agent.linux.stress.CpuStressFault;
import io.chaosplane.agent.linux.stress.IoStressFault;
import io.chaosplane.agent.linux.stress.MemoryStressFault;
import io.chaosplane.agent.linux.time.SystemTimeChaosFault;
import io.chaosplane.agent.linux.time.TimeChaosFault;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every fault of the catalogue's Linux platform, as this agent runs them. */
public final class LinuxFaults {

    /** The platform key this module reads besides the runtime's. */
    public static final String NETWORK_NAMESPACE = "network.namespace";

    /**
     * Where the DNS faults' responder listens: port 53, as the resolver asks no other, on a loopback address that
     * systemd-resolved (127.0.0.53) and dnsmasq do not use.
     */
    private static final InetSocketAddress DNS_RESPONDER = new InetSocketAddress(loopback(53, 53, 53), 53);

    private LinuxFaults() {}

    private static InetAddress loopback(int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    /** @param networkNamespace the named network namespace network faults apply in, if not the agent's own */
    public static List<Fault<?>> all(Optional<String> networkNamespace) {
        List<Fault<?>> faults = new ArrayList<>(List.of(
                new CpuStressFault(),
                new MemoryStressFault(),
                new DiskFillFault(),
                new FsFillFault(),
                new IoStressFault(),
                new ProcessKillFault(),
                new ProcessStopFault(),
                new ServiceRestartFault("systemctl"),
                new TimeChaosFault("systemctl", Path.of("/run/systemd/system"), TimeChaosFault.debianLibraryPaths()),
                new SystemTimeChaosFault("date", "timedatectl", Path.of("/run/chaosplane/system-time"))));
        faults.addAll(TrafficFault.all(new TrafficControl(networkNamespace)));
        faults.addAll(DnsFault.all(Path.of("/etc/resolv.conf"), DNS_RESPONDER));
        faults.addAll(ApiFault.all("nft"));
        faults.addAll(JvmFault.all(Path.of(System.getProperty("java.io.tmpdir"))));
        faults.add(new StatusCheckFault());
        return List.copyOf(faults);
    }
}
