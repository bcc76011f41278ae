package io.chaosplane.jvmagent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent the ChaosPlane Linux agent loads into a target JVM ({@code VirtualMachine.loadAgent(jar, "PORT:TOKEN")}).
 * Its entry point returns at once; a daemon thread calls the Linux agent back on {@code 127.0.0.1:PORT}, proves it is
 * the agent that was loaded with the token, and takes one command:
 *
 * <ul>
 *   <li>{@code inject ID DEADLINE PARAMETERS}: starts the fault, answers {@code ok NOTE} or {@code error MESSAGE}, then
 *       holds the connection until {@code revert} arrives, the connection breaks (the Linux agent is gone, even by
 *       {@code kill -9}) or the deadline passes, and reverts in each case;</li>
 *   <li>{@code revert ID}: reverts that fault if it is still in force (a restarted Linux agent reverting from its
 *       journal), answering {@code reverted} or {@code inactive}.</li>
 * </ul>
 *
 * Strings travel as {@link DataOutputStream#writeUTF}, so no value needs escaping and the agent's own arguments, which
 * the attach protocol limits to 1024 characters, carry only the port and the token.
 */
public final class ChaosAgent {

    static final String INJECT = "inject";
    static final String REVERT = "revert";

    /**
     * The faults in force in this JVM, by id. Static because an agent's entry point is: the class is loaded once per
     * JVM by the system class loader, and every later attach (the revert of a restarted Linux agent) reaches this map.
     */
    private static final Map<String, ActiveFault> ACTIVE = new ConcurrentHashMap<>();

    private static final int REPLY_WITHIN_MILLIS = 30_000;

    private ChaosAgent() {}

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        int colon = arguments == null ? -1 : arguments.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected PORT:TOKEN, not " + arguments);
        }
        int port = Integer.parseInt(arguments.substring(0, colon));
        String token = arguments.substring(colon + 1);
        AdviceCode.remember();
        Thread thread = new Thread(() -> serve(port, token, instrumentation), "chaosplane-jvm-fault");
        thread.setDaemon(true);
        thread.start();
    }

    private static void serve(int port, String token, Instrumentation instrumentation) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(REPLY_WITHIN_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            out.writeUTF(token);
            out.flush();
            String command = in.readUTF();
            String faultId = in.readUTF();
            if (REVERT.equals(command)) {
                ActiveFault active = ACTIVE.get(faultId);
                if (active == null) {
                    reply(out, "inactive", "");
                } else {
                    active.revert();
                    reply(out, "reverted", "");
                }
                return;
            }
            if (!INJECT.equals(command)) {
                reply(out, "error", "unknown command " + command);
                return;
            }
            long deadline = in.readLong();
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                parameters.put(in.readUTF(), in.readUTF());
            }
            if (ACTIVE.containsKey(faultId)) {
                reply(out, "error", "fault " + faultId + " is already in force in this JVM");
                return;
            }
            ActiveFault active;
            try {
                active = Faults.start(faultId, parameters, instrumentation);
            } catch (Exception | LinkageError e) {
                reply(out, "error", e.getMessage() == null ? e.toString() : e.getMessage());
                return;
            }
            active.heldBy(socket);
            ACTIVE.put(faultId, active);
            try {
                reply(out, "ok", active.note());
                holdUntilRevert(socket, in, out, active, deadline);
            } finally {
                active.revert();
            }
        } catch (IOException e) {
            // the Linux agent is gone or the fault was reverted through another connection; either way it is reverted
        }
    }

    /** Waits for {@code revert}, the end of the connection or the deadline, whichever comes first. */
    private static void holdUntilRevert(
            Socket socket, DataInputStream in, DataOutputStream out, ActiveFault active, long deadline)
            throws IOException {
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            String command;
            try {
                command = in.readUTF();
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (REVERT.equals(command)) {
                // this connection answers the revert, so the revert must not close it
                active.heldBy(null);
                active.revert();
                reply(out, "reverted", "");
                return;
            }
        }
    }

    private static void reply(DataOutputStream out, String status, String message) throws IOException {
        out.writeUTF(status);
        out.writeUTF(message);
        out.flush();
    }

    /** Removes a reverted fault from the faults in force. */
    static void forget(String faultId, ActiveFault fault) {
        ACTIVE.remove(faultId, fault);
    }
}
