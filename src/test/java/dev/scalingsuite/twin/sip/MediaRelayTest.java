package dev.scalingsuite.twin.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The front door's anchored media: each side's datagrams leave from the other side's port to its far end. */
class MediaRelayTest {

    @Test
    void relaysBothWaysBetweenTheCallerAndTheTask() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (MediaRelay relay = new MediaRelay("test-media");
                DatagramSocket caller = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket task = new DatagramSocket(new InetSocketAddress(loopback, 0));
                MediaRelay.Session session = relay.open()) {
            caller.setSoTimeout(2_000);
            task.setSoTimeout(2_000);
            session.caller((InetSocketAddress) caller.getLocalSocketAddress());
            session.task((InetSocketAddress) task.getLocalSocketAddress());
            Thread.sleep(50); // the relay thread registers the new ports

            send(caller, "to the agent", session.callerPort());
            DatagramPacket atTask = receive(task);
            assertThat(text(atTask)).isEqualTo("to the agent");
            assertThat(atTask.getPort()).as("sent from the front door's port towards the task")
                    .isEqualTo(session.taskPort());

            send(task, "to the caller", session.taskPort());
            DatagramPacket atCaller = receive(caller);
            assertThat(text(atCaller)).isEqualTo("to the caller");
            assertThat(atCaller.getPort()).isEqualTo(session.callerPort());
            // the relay counts a datagram once its send returned, which may be after the far side read it
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(session.relayedToTask()).isEqualTo(1);
                assertThat(session.relayedToCaller()).isEqualTo(1);
            });
        }
    }

    @Test
    void withoutSdpTheRelayAnswersWherePacketsCameFrom() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (MediaRelay relay = new MediaRelay("test-media");
                DatagramSocket caller = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket task = new DatagramSocket(new InetSocketAddress(loopback, 0));
                MediaRelay.Session session = relay.open()) {
            caller.setSoTimeout(2_000);
            session.task((InetSocketAddress) task.getLocalSocketAddress());
            Thread.sleep(50);
            send(caller, "hello", session.callerPort()); // latches the caller's address
            receive(task);
            send(task, "back", session.taskPort());
            assertThat(text(receive(caller))).isEqualTo("back");
        }
    }

    private static void send(DatagramSocket from, String text, int port) throws Exception {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
    }

    private static DatagramPacket receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[512], 512);
        socket.receive(p);
        return p;
    }

    private static String text(DatagramPacket p) {
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }
}
