package io.chaosplane.agent.linux.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The JVM the JVM faults' tests attack, started as a process of its own: it prints the loopback port it listens on,
 * then answers one request per line, timing the calls of its {@link Shop}:
 *
 * <pre>
 * greet -> ok hello world MICROS | thrown CLASS: MESSAGE MICROS
 * count -> ok 6 MICROS
 * heap  -> bytes of live heap (after a collection)
 * gcs   -> collections so far
 * </pre>
 */
public final class JvmTarget {

    private JvmTarget() {}

    /** The methods the faults aim at. */
    public static final class Shop {

        private Shop() {}

        public static String greet(String who) {
            return "hello " + who;
        }

        public static int count(int items) {
            return items * 2;
        }
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            System.out.println(server.getLocalPort());
            System.out.flush();
            while (true) {
                try (Socket client = server.accept();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    for (String request = in.readLine(); request != null; request = in.readLine()) {
                        out.println(answer(request));
                    }
                }
            }
        }
    }

    private static String answer(String request) {
        switch (request) {
            case "greet":
                return timed(() -> Shop.greet("world"));
            case "count":
                return timed(() -> Integer.toString(Shop.count(3)));
            case "heap":
                System.gc();
                Runtime runtime = Runtime.getRuntime();
                return Long.toString(runtime.totalMemory() - runtime.freeMemory());
            case "gcs":
                long collections = 0;
                for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                    collections += Math.max(0, collector.getCollectionCount());
                }
                return Long.toString(collections);
            default:
                return "unknown request " + request;
        }
    }

    private interface Call {
        String run();
    }

    private static String timed(Call call) {
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = "ok " + call.run();
        } catch (RuntimeException e) {
            outcome = "thrown " + e.getClass().getName() + ": " + e.getMessage();
        }
        return outcome + " " + (System.nanoTime() - start) / 1000;
    }
}
