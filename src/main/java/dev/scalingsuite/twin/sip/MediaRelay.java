package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The front door's anchored media ({@code direct_media=no}): per call one RTP port towards the
 * caller and one towards the task, and every datagram that arrives on one is sent on from the
 * other, to the address the far side's SDP named (or, without one, the address its packets came
 * from). One selector thread serves every call, so 120 calls cost one thread, not 240.
 */
final class MediaRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MediaRelay.class.getName());
    /** Datagrams read from one port per wake-up before the others get their turn. */
    private static final int BURST = 32;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Leg> toRegister = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private final InetAddress address;

    MediaRelay(String name) throws IOException {
        this(name, InetAddress.getLoopbackAddress());
    }

    /** A relay whose ports are on {@code address} (the front door's). */
    MediaRelay(String name, InetAddress address) throws IOException {
        this.address = address;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a call's two ports; close the session when the call ends. */
    Session open() throws IOException {
        Session session = new Session();
        toRegister.add(session.callerSide);
        toRegister.add(session.taskSide);
        selector.wakeup();
        return session;
    }

    /** One call's media: what comes in on the caller's side goes out to the task, and back. */
    final class Session implements AutoCloseable {
        private final Leg callerSide;
        private final Leg taskSide;

        private Session() throws IOException {
            callerSide = new Leg(bind());
            try {
                taskSide = new Leg(bind());
            } catch (IOException | RuntimeException e) {
                callerSide.channel.close();
                throw e;
            }
            callerSide.peer = taskSide;
            taskSide.peer = callerSide;
        }

        /** The port the caller sends to (the SDP of the front door's 200 to the caller). */
        int callerPort() {
            return callerSide.channel.socket().getLocalPort();
        }

        /** The port the task sends to (the SDP of the front door's INVITE to the task). */
        int taskPort() {
            return taskSide.channel.socket().getLocalPort();
        }

        /** Where the caller wants its RTP (its INVITE's SDP). */
        void caller(InetSocketAddress rtp) {
            callerSide.target = rtp;
        }

        /** Where the task wants its RTP (its 200's SDP). */
        void task(InetSocketAddress rtp) {
            taskSide.target = rtp;
        }

        /** Datagrams sent on to the task so far. */
        long relayedToTask() {
            return taskSide.sent;
        }

        /** Datagrams sent on to the caller so far. */
        long relayedToCaller() {
            return callerSide.sent;
        }

        @Override
        public void close() {
            callerSide.close();
            taskSide.close();
        }
    }

    /** One port of a call: datagrams arriving here leave through the peer's port, to this leg's far side. */
    private static final class Leg {
        final DatagramChannel channel;
        Leg peer;
        /** Where this side's far end wants its RTP; null until known. */
        volatile InetSocketAddress target;
        /** Where this side's far end last sent from, for a far end that gave no SDP. */
        volatile SocketAddress latched;
        volatile long sent;

        Leg(DatagramChannel channel) {
            this.channel = channel;
        }

        SocketAddress destination() {
            return target != null ? target : latched;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private DatagramChannel bind() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(address, 0));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        try {
            while (!closed) {
                selector.select();
                register();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        relay((Leg) key.attachment(), buffer);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "the media relay stopped", e);
            }
        }
    }

    private void register() {
        for (Leg leg = toRegister.poll(); leg != null; leg = toRegister.poll()) {
            try {
                leg.channel.register(selector, SelectionKey.OP_READ, leg);
            } catch (java.nio.channels.ClosedChannelException e) {
                // the call ended before its ports were served
            }
        }
    }

    private static void relay(Leg in, ByteBuffer buffer) {
        Leg out = in.peer;
        for (int i = 0; i < BURST; i++) {
            buffer.clear();
            SocketAddress from;
            try {
                from = in.channel.receive(buffer);
            } catch (IOException e) {
                return; // closed, or an ICMP error from an earlier send: nothing to read now
            }
            if (from == null) {
                return;
            }
            in.latched = from;
            SocketAddress to = out.destination();
            if (to == null) {
                continue; // the other side is not connected yet: the packet is lost, as on a real bridge
            }
            buffer.flip();
            try {
                out.channel.send(buffer, to);
                out.sent++;
            } catch (IOException e) {
                // the far end is gone or the port closed: drop it
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
