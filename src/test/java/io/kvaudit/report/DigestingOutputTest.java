package io.kvaudit.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DigestingOutputTest {

    @TempDir
    Path tmp;

    @Test
    void writesEveryByteInOrderAndHashesExactlyThem() throws Exception {
        byte[] data = new byte[3 * (1 << 20) + 12_345]; // several buffers and a partial one
        new Random(7).nextBytes(data);
        Path file = tmp.resolve("out.bin");
        DigestingOutput out = new DigestingOutput(file);
        out.write(data, 0, 100);
        out.write(data[100]);
        out.write(data, 101, data.length - 101);
        out.close();

        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(out.sha256()).isEqualTo(Manifest.sha256(file));
    }
}
