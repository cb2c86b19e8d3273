package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One call's RTP port on a task: counts the packets and bytes it receives, reports a conversation
 * turn every {@code packetsPerTurn} packets of audio, and reports the call inactive when no packet
 * came for the inactivity timeout (counted from the answer, then from the last packet).
 */
final class RtpReceiver implements AutoCloseable {

    /** RTP header without CSRCs (RFC 3550 5.1); shorter datagrams are not counted. */
    static final int RTP_HEADER_BYTES = 12;

    interface Listener {
        void received(long packets, long bytes);

        void turn(int turn);

        void inactive();
    }

    private final DatagramSocket socket;
    private final Thread thread;
    private volatile boolean closed;

    RtpReceiver(String name, Duration inactivity, int packetsPerTurn, Listener listener) throws SocketException {
        this(name, InetAddress.getLoopbackAddress(), inactivity, packetsPerTurn, listener);
    }

    /** A call's RTP port on {@code address}, the task's. */
    RtpReceiver(String name, InetAddress address, Duration inactivity, int packetsPerTurn, Listener listener)
            throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout(100);
        thread = new Thread(() -> run(inactivity, Math.max(1, packetsPerTurn), listener), name);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Sends from this call's port, so the far end sees the task's audio come from where its SDP said. */
    void send(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    private void run(Duration inactivity, int packetsPerTurn, Listener listener) {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        long packets = 0;
        long bytes = 0;
        int turns = 0;
        long lastActivity = System.nanoTime();
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() - lastActivity >= inactivity.toNanos()) {
                    closed = true;
                    socket.close();
                    listener.inactive();
                    return;
                }
                continue;
            } catch (IOException e) {
                return; // closed
            }
            if (packet.getLength() < RTP_HEADER_BYTES || (buffer[0] & 0xC0) != 0x80) {
                continue; // not RTP version 2
            }
            lastActivity = System.nanoTime();
            packets++;
            bytes += packet.getLength();
            listener.received(packets, bytes);
            if (packets % packetsPerTurn == 0) {
                listener.turn(++turns);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
