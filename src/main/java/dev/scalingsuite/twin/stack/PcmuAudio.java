package dev.scalingsuite.twin.stack;

import java.util.Random;

/**
 * Raw 8 kHz G.711 mu-law audio, made here rather than downloaded: a voice-like signal (a gliding
 * pitch with a few harmonics, shaped into syllables and pauses), good enough to keep RTP flowing
 * and to look like speech to an energy detector. The load host's callers play it, and the agents greet
 * callers with it.
 */
public final class PcmuAudio {

    static final int SAMPLE_RATE = 8000;

    private PcmuAudio() {
    }

    /** {@code seconds} of speech-like mu-law samples, the same for the same seed. */
    public static byte[] speechLike(double seconds, long seed) {
        Random random = new Random(seed);
        int samples = (int) Math.round(seconds * SAMPLE_RATE);
        byte[] out = new byte[samples];
        double phase = 0;
        double syllableEnd = 0;
        double syllableStart = 0;
        double basePitch = 140;
        for (int i = 0; i < samples; i++) {
            double t = (double) i / SAMPLE_RATE;
            if (t >= syllableEnd) {
                boolean pause = random.nextDouble() < 0.25;
                syllableStart = t + (pause ? 0.15 + random.nextDouble() * 0.2 : 0.03);
                syllableEnd = syllableStart + 0.12 + random.nextDouble() * 0.2;
                basePitch = 110 + random.nextDouble() * 110;
            }
            double envelope = 0;
            if (t >= syllableStart) {
                double x = (t - syllableStart) / (syllableEnd - syllableStart);
                envelope = Math.sin(Math.PI * x);
            }
            double pitch = basePitch * (1 + 0.08 * Math.sin(2 * Math.PI * 3 * t));
            phase += 2 * Math.PI * pitch / SAMPLE_RATE;
            double voice = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase)
                    + 0.15 * Math.sin(5 * phase);
            double noise = (random.nextDouble() - 0.5) * 0.02;
            double value = (voice * envelope * 0.35 + noise) * 32767 / 2;
            out[i] = linearToMuLaw((int) Math.max(-32768, Math.min(32767, value)));
        }
        return out;
    }

    /** ITU-T G.711 mu-law encoding of one 16-bit linear sample. */
    static byte linearToMuLaw(int sample) {
        final int bias = 0x84;
        final int clip = 32635;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > clip) {
            sample = clip;
        }
        sample += bias;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
