package io.kvaudit.activity;

import io.kvaudit.config.ConfigurationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --listed-ips FILE}: one IPv4/IPv6 address or CIDR range a line, {@code #} starts a comment, blank lines
 * are skipped. A line that is neither is a configuration error naming the file and line.
 */
public final class ListedIpsFile {

    private ListedIpsFile() {}

    public static IpRanges read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": --listed-ips file cannot be read: " + e.getMessage(), e);
        }
        List<IpRanges.Range> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int hash = l.indexOf('#');
            String t = (hash < 0 ? l : l.substring(0, hash)).strip();
            if (t.isEmpty()) continue;
            try {
                out.add(IpRanges.parse(t));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(file + ":" + (i + 1) + ": " + e.getMessage() + "; expected one IP address or CIDR "
                        + "range a line, such as 203.0.113.7 or 198.51.100.0/24");
            }
        }
        return IpRanges.of(out);
    }
}
