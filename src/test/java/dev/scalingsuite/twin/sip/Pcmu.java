package dev.scalingsuite.twin.sip;

/** Raw G.711 mu-law audio at 8 kHz, as SIPp's {@code rtp_stream} plays it (payload type 0). */
final class Pcmu {

    private Pcmu() {
    }

    /** A sine tone at a third of full scale. */
    static byte[] tone(double hertz, double seconds) {
        int n = (int) Math.round(8000 * seconds);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = encode((short) (Math.sin(2 * Math.PI * hertz * i / 8000.0) * 10_000));
        }
        return out;
    }

    /** ITU-T G.711 mu-law encoding of one 16-bit linear sample. */
    static byte encode(short sample) {
        final int bias = 0x84;
        final int clip = 32635;
        int s = sample;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        if (s > clip) {
            s = clip;
        }
        s += bias;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
