package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A SIP endpoint's UDP socket on one address (127.0.0.1, or the twin's address for it) with its own
 * receive thread: each datagram is parsed and handed to the handler; datagrams that are not SIP are dropped (RFC 3261 18.3 does the same).
 */
final class SipSocket implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SipSocket.class.getName());

    interface Handler {
        void handle(SipMessage message, InetSocketAddress from);
    }

    private final DatagramSocket socket;
    private final Thread receiver;
    private volatile boolean closed;

    SipSocket(String name, int port, Handler handler) throws SocketException {
        this(name, InetAddress.getLoopbackAddress(), port, handler);
    }

    SipSocket(String name, InetAddress address, int port, Handler handler) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(address, port));
        this.receiver = new Thread(() -> receive(handler), name);
        receiver.setDaemon(true);
        receiver.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** "address:port", as Via sent-by and Contact use it. */
    String hostPort() {
        return host() + ":" + port();
    }

    /** The address it listens on, as text. */
    String host() {
        return socket.getLocalAddress().getHostAddress();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(socket.getLocalAddress(), port());
    }

    void send(SipMessage message, InetSocketAddress to) {
        byte[] bytes = message.toBytes();
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.FINE, "sending to " + to + " failed", e);
            }
        }
    }

    private void receive(Handler handler) {
        byte[] buffer = new byte[65_536];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "SIP receive failed", e);
                }
                return;
            }
            InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
            SipMessage message;
            try {
                message = SipMessage.parse(packet.getData(), packet.getLength());
            } catch (SipParseException e) {
                LOG.fine(() -> "dropped a datagram from " + from + ": " + e.getMessage());
                continue;
            }
            try {
                handler.handle(message, from);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "handling " + (message.isRequest() ? message.method() : message.status())
                        + " from " + from + " failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            receiver.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
