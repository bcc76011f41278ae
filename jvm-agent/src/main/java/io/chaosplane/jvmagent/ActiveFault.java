package io.chaosplane.jvmagent;

import java.io.IOException;
import java.net.Socket;

/** A fault in force in this JVM. Reverting it is idempotent and closes the connection that holds it. */
abstract class ActiveFault {

    private final String id;
    private final String note;
    private Socket holder;
    private boolean reverted;

    ActiveFault(String id, String note) {
        this.id = id;
        this.note = note;
    }

    /** What the Linux agent should log about the injection (a class that is not loaded yet, for instance). */
    final String note() {
        return note;
    }

    final synchronized void heldBy(Socket socket) {
        this.holder = socket;
    }

    final void revert() {
        Socket socket;
        synchronized (this) {
            if (reverted) {
                return;
            }
            reverted = true;
            socket = holder;
        }
        try {
            undo();
        } finally {
            ChaosAgent.forget(id, this);
            if (socket != null) {
                try {
                    // a revert through another connection: the holding thread sees its connection end and returns
                    socket.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        }
    }

    /** Takes the fault away: called once. */
    abstract void undo();
}
