package io.chaosplane.agent.linux.jvm;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.VirtualMachine;
import io.chaosplane.agent.linux.proc.ProcessIdentity;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The in-JVM agent (module {@code jvm-agent}) as this agent drives it: its jar, embedded among this agent's classes and
 * written to a directory of the fault's own that the target's user can read; the attach API, which loads it into the
 * target; and the loopback connection it calls back on, which proves itself with a one-time token. The attach
 * classes ({@code jdk.attach}) are loaded only when a JVM fault runs.
 */
final class InJvmAgent {

    /** The jar the build copies here (agent-linux's pom, {@code embed-jvm-agent}). */
    private static final String JAR_RESOURCE = "jvm-agent.jar";

    private static final String JAR_FILE = "chaosplane-jvm-agent.jar";
    private static final Duration CALL_BACK_WITHIN = Duration.ofSeconds(20);
    private static final Duration TOKEN_WITHIN = Duration.ofSeconds(5);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private static final SecureRandom RANDOM = new SecureRandom();

    private InJvmAgent() {}

    /**
     * Creates the fault's directory (it must not exist: nobody else can have put a jar there) and writes the jar into
     * it, readable by every user, since the target JVM opens it as its own user.
     */
    static Path writeJar(Path directory) throws IOException {
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = directory.resolve(JAR_FILE);
        try (InputStream embedded = InJvmAgent.class.getResourceAsStream(JAR_RESOURCE)) {
            if (embedded == null) {
                throw new IOException("the agent's jar lacks the in-JVM agent (" + JAR_RESOURCE + ")");
            }
            Files.copy(embedded, jar);
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    static Path jar(Path directory) {
        return directory.resolve(JAR_FILE);
    }

    /**
     * Whether the fault's directory and its jar are this agent's own: a directory (no link), of this agent's user,
     * writable by no one else. A directory someone else made under the fault's name is neither loaded nor deleted.
     */
    static boolean isOwn(Path directory) throws IOException {
        Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        for (Path path : new Path[] {directory, jar(directory)}) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.isSymbolicLink(path)
                    || !self.equals(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    || ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0022) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A connection to the in-JVM agent of one target, holding one fault in force while it is open. */
    static final class Session implements AutoCloseable {

        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        private Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        }

        /** Tells the in-JVM agent to revert the fault, and waits for it to have done so. */
        void revert() throws IOException {
            out.writeUTF("revert");
            out.flush();
            Reply reply = Reply.read(in);
            if (!reply.status().equals("reverted")) {
                throw new IOException("the in-JVM agent did not revert: " + reply);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** What the in-JVM agent answered: {@code ok}, {@code error}, {@code reverted} or {@code inactive}, and a text. */
    record Reply(String status, String message) {

        static Reply read(DataInputStream in) throws IOException {
            return new Reply(in.readUTF(), in.readUTF());
        }

        @Override
        public String toString() {
            return message.isEmpty() ? status : status + ": " + message;
        }
    }

    /**
     * Loads the agent into the target and injects the fault; the returned session holds it in force. The in-JVM agent
     * reverts it by itself when the session ends without a revert (this agent died) and at {@code deadline}.
     *
     * @param note receives what the in-JVM agent wants logged, if anything
     * @throws IOException when the target refuses the agent or the fault (the in-JVM agent's reason is the message)
     */
    static Session inject(
            ProcessIdentity target,
            Path jar,
            String faultId,
            Instant deadline,
            Map<String, String> parameters,
            Consumer<String> note)
            throws IOException, InterruptedException {
        Socket socket = connect(target, jar);
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            out.writeUTF("inject");
            out.writeUTF(faultId);
            out.writeLong(deadline.toEpochMilli());
            out.writeInt(parameters.size());
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                out.writeUTF(parameter.getKey());
                out.writeUTF(parameter.getValue());
            }
            out.flush();
            Session session = new Session(socket);
            Reply reply = Reply.read(session.in);
            if (!reply.status().equals("ok")) {
                throw new IOException("JVM " + target.pid() + " refused the fault: " + reply.message());
            }
            if (!reply.message().isEmpty()) {
                note.accept(reply.message());
            }
            // from now on the connection only waits, as long as the fault lasts
            socket.setSoTimeout(0);
            return session;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Has the target revert the fault, through a new attach: what a restarted agent does, whose predecessor's
     * connection is gone.
     *
     * @return whether the fault was still in force there
     */
    static boolean revertThroughAttach(ProcessIdentity target, Path jar, String faultId)
            throws IOException, InterruptedException {
        try (Socket socket = connect(target, jar)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            out.writeUTF("revert");
            out.writeUTF(faultId);
            out.flush();
            Reply reply = Reply.read(new DataInputStream(new BufferedInputStream(socket.getInputStream())));
            return switch (reply.status()) {
                case "reverted" -> true;
                case "inactive" -> false;
                default -> throw new IOException("JVM " + target.pid() + " could not revert the fault: " + reply);
            };
        }
    }

    /** Loads the agent into the target and accepts its call back, checking the token. */
    private static Socket connect(ProcessIdentity target, Path jar) throws IOException, InterruptedException {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new IOException("the agent's Java runtime lacks the jdk.attach module, which the JVM faults need "
                    + "(run the agent on a full JDK runtime)");
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) CALL_BACK_WITHIN.toMillis());
            load(target, jar, server.getLocalPort() + ":" + token);
            long until = System.nanoTime() + CALL_BACK_WITHIN.toNanos();
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    throw new IOException("the agent loaded into JVM " + target.pid() + " did not call back within "
                            + CALL_BACK_WITHIN.toSeconds() + "s");
                }
                socket.setSoTimeout((int) TOKEN_WITHIN.toMillis());
                socket.setTcpNoDelay(true);
                String presented;
                try {
                    presented = new DataInputStream(socket.getInputStream()).readUTF();
                } catch (IOException e) {
                    presented = "";
                }
                if (MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                    socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
                    return socket;
                }
                // someone else on this host found the port: not the agent that was loaded
                socket.close();
                if (System.nanoTime() > until) {
                    throw new IOException("the agent loaded into JVM " + target.pid() + " did not call back");
                }
            }
        }
    }

    private static void load(ProcessIdentity target, Path jar, String arguments) throws IOException {
        if (!target.isAlive()) {
            throw new IOException("JVM " + target.pid() + " is no longer running");
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(target.pid()));
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException(
                    "cannot attach to JVM " + target.pid() + " (started with "
                            + "-XX:+DisableAttachMechanism, another user's without root, or not a HotSpot JVM): "
                            + e.getMessage(),
                    e);
        }
        try {
            vm.loadAgent(jar.toString(), arguments);
        } catch (AgentLoadException | com.sun.tools.attach.AgentInitializationException e) {
            throw new IOException(
                    "JVM " + target.pid() + " did not load the agent (a JVM started with "
                            + "-XX:-EnableDynamicAgentLoading refuses it): " + e.getMessage(),
                    e);
        } finally {
            vm.detach();
        }
    }
}
