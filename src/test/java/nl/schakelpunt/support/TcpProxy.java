package nl.schakelpunt.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a loopback port to a target (the test's PostgreSQL): cutting it closes every connection and
 * refuses new ones, as a database that went down does, without stopping the database other tests share.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private int port;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listen();
    }

    public int port() {
        return port;
    }

    /** Drops every connection and refuses new ones. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** Accepts connections again, on the same port; nothing to do when it already does. */
    public synchronized void restore() throws IOException {
        if (listener.isClosed()) {
            listen();
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private synchronized void listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (true) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                // The listener was closed by cut(): stop accepting until restore().
                return;
            }
            open.add(client);
            try {
                Socket target = new Socket(targetHost, targetPort);
                open.add(target);
                relay(client, target);
                relay(target, client);
            } catch (IOException e) {
                // The target refused: the client sees its connection end, as it would without the relay.
                drop(client);
            }
        }
    }

    private void relay(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side closed: the other is closed below, as a dropped connection would be.
            } finally {
                drop(from);
                drop(to);
            }
        }, "tcp-proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void drop(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            throw new IllegalStateException("Could not close a relayed connection", e);
        }
    }
}
