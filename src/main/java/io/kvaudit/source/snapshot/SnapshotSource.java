package io.kvaudit.source.snapshot;

import io.kvaudit.source.RestTenantSource;

import java.nio.file.Path;

/** Scans a tenant snapshot directory (docs/snapshot-format.md): the REST bodies come from files. */
public final class SnapshotSource extends RestTenantSource {

    public SnapshotSource(Path dir) {
        super(new SnapshotBodies(dir));
    }

    public Path directory() { return ((SnapshotBodies) bodies()).directory(); }

    @Override
    public java.util.Optional<io.kvaudit.activity.LogSource> logs() {
        SnapshotLogSource logs = new SnapshotLogSource((SnapshotBodies) bodies());
        return logs.present() ? java.util.Optional.of(logs) : java.util.Optional.empty();
    }
}
