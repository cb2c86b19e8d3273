package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallCountsTest {

    /** The header SIPp 3.6.1 writes for scenarios/uac.xml with -trace_counts. */
    private static final String HEADER = "CurrentTime;ElapsedTime;0_INVITE_Sent;0_INVITE_Retrans;0_INVITE_Timeout;"
            + "1_100_Recv;1_100_Retrans;1_100_Timeout;1_100_Unexp;2_180_Recv;2_180_Retrans;2_180_Timeout;2_180_Unexp;"
            + "3_183_Recv;3_183_Retrans;3_183_Timeout;3_183_Unexp;4_503_Recv;4_503_Retrans;4_503_Timeout;4_503_Unexp;"
            + "5_200_Recv;5_200_Retrans;5_200_Timeout;5_200_Unexp;6_ACK_Sent;6_ACK_Retrans;7_Pause_Sessions;"
            + "7_Pause_Unexp;8_BYE_Recv;8_BYE_Retrans;8_BYE_Timeout;8_BYE_Unexp;9_INFO_Recv;9_INFO_Retrans;"
            + "9_INFO_Timeout;9_INFO_Unexp;10_200_Sent;10_200_Retrans;11_Pause_Sessions;11_Pause_Unexp;12_BYE_Sent;"
            + "12_BYE_Retrans;12_BYE_Timeout;13_200_Recv;13_200_Retrans;13_200_Timeout;13_200_Unexp;14_Pause_Sessions;"
            + "14_Pause_Unexp;15_200_Sent;15_200_Retrans;16_ACK_Sent;16_ACK_Retrans;";

    private static String row(int invites, int rejected, int answered, int byeRecv, int info, int byeSent, int done,
            int timeouts) {
        return "2026-11-23\t19:11:42.312350\t1795461102.312350;00:00:01:005000;" + invites + ";0;0;"
                + "0;0;0;0;0;0;0;0;0;0;0;0;" + rejected + ";0;0;0;" + answered + ";0;" + timeouts + ";0;" + answered
                + ";0;0;0;" + byeRecv + ";0;0;0;" + info + ";0;0;0;" + info + ";0;0;0;" + byeSent + ";0;0;" + done
                + ";0;0;0;0;0;" + byeRecv + ";0;" + rejected + ";0;";
    }

    @Test
    void readsEachOutcomeFromItsMessageColumn() {
        CallCounts counts = CallCounts.parse(HEADER, row(10, 3, 6, 1, 2, 2, 2, 1));
        assertThat(counts).isEqualTo(new CallCounts(10, 6, 3, 1, 2, 1));
        assertThat(counts.up()).isEqualTo(3);
    }

    @Test
    void aRowWithoutCallsCountsNothing() {
        assertThat(CallCounts.parse(HEADER, row(0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo(CallCounts.NONE);
    }
}
