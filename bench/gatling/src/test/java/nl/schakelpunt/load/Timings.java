package nl.schakelpunt.load;

import static io.gatling.javaapi.core.CoreDsl.exec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Each request's end, outcome and duration as a line of CSV ({@code end_ms,ok,ms,request}), so that a
 * long run can be cut into intervals: Gatling's report gives percentiles for the whole run only, and
 * its simulation.log is binary.
 */
final class Timings implements AutoCloseable {

    private static final String START = "timings.start";

    private final PrintWriter out;

    Timings(Path file) {
        try {
            out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        out.println("end_ms,ok,ms,request");
    }

    /**
     * The request, timed from before it is sent to after its checks. A failed request is written down and
     * the session marked as succeeded again, so that the next request's outcome is its own; Gatling has
     * counted the failure in its own statistics already.
     */
    ChainBuilder around(String name, HttpRequestActionBuilder request) {
        return exec(session -> session.set(START, System.currentTimeMillis()))
                .exec(request)
                .exec(session -> {
                    long end = System.currentTimeMillis();
                    write(end, !session.isFailed(), end - session.getLong(START), name);
                    return session.markAsSucceeded();
                });
    }

    private synchronized void write(long end, boolean ok, long millis, String name) {
        out.printf("%d,%s,%d,\"%s\"%n", end, ok ? "1" : "0", millis, name.replace("\"", "\"\""));
    }

    @Override
    public synchronized void close() {
        out.close();
    }
}
