package io.chaosplane.service.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip'd request body, inflated as it is read: at most {@code maxCompressedBytes} come off the wire (the limit every
 * body has), and what they inflate to is then checked like any body ({@link CheckedBodyStream}) against its own,
 * larger limit. Bytes that are not gzip are 400, naming the body.
 */
final class InflatedBodyStream extends ServletInputStream {

    private final ServletInputStream raw;
    private final long maxCompressedBytes;
    private InputStream inflated;
    private boolean finished;

    InflatedBodyStream(ServletInputStream raw, long maxCompressedBytes) {
        this.raw = raw;
        this.maxCompressedBytes = maxCompressedBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] single = new byte[1];
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        try {
            if (inflated == null) {
                inflated = new GZIPInputStream(new Counted(raw), 8192);
            }
            int n = inflated.read(buffer, from, length);
            if (n < 0) {
                finished = true;
            }
            return n;
        } catch (ZipException | java.io.EOFException e) {
            throw InvalidInputException.of("body", "is not gzip (Content-Encoding: gzip): " + e.getMessage());
        }
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("gzip'd bodies are read blocking");
    }

    /** Counts what comes off the wire against the limit of every body. */
    private final class Counted extends FilterInputStream {

        private long count;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int from, int length) throws IOException {
            int n = super.read(buffer, from, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) {
            count += n;
            if (count > maxCompressedBytes) {
                throw new PayloadTooLargeException("request body larger than " + maxCompressedBytes + " bytes");
            }
        }
    }
}
