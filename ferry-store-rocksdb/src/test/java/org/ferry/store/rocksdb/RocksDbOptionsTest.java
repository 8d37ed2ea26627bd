package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options the database was really opened with, as RocksDB itself wrote them to its {@code OPTIONS-*}
 * file: options set by name (RocksJava has no setter for some) fail silently if misspelt.
 */
class RocksDbOptionsTest {
    @TempDir
    Path dir;

    @Test
    void familiesWrittenPerMessageInsertAtAHintAndNoOtherDoes() throws IOException {
        RocksDbStores.open(dir).close();

        Map<String, String> hints = optionPerFamily("memtable_insert_with_hint_prefix_extractor");
        for (Family family : Family.values()) {
            String name = new String(family.columnFamilyName(), StandardCharsets.UTF_8);
            assertThat(hints.get(name)).as(name)
                    .isEqualTo(family.hinted ? "rocksdb.FixedPrefix.8" : "nullptr");
        }
        assertThat(Stream.of(Family.values()).filter(f -> f.hinted).map(Family::name))
                .containsExactlyInAnyOrder("LOG", "RANDOM_IDS", "FEED");
    }

    /** {@code key}'s value in each {@code [CFOptions "name"]} section of the newest options file. */
    private Map<String, String> optionPerFamily(String key) throws IOException {
        Path newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.filter(p -> p.getFileName().toString().startsWith("OPTIONS-")).max(Path::compareTo)
                    .orElseThrow();
        }
        Map<String, String> out = new HashMap<>();
        String family = null;
        for (String line : Files.readAllLines(newest)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[CFOptions \"")) {
                family = trimmed.substring("[CFOptions \"".length(), trimmed.length() - 2);
            } else if (trimmed.startsWith("[")) {
                family = null;
            } else if (family != null && trimmed.startsWith(key + "=")) {
                out.put(family, trimmed.substring(key.length() + 1));
            }
        }
        return out;
    }
}
