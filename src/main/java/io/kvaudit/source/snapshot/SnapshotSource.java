package io.kvaudit.source.snapshot;

import io.kvaudit.activity.LogSource;
import io.kvaudit.model.SnapshotPart;
import io.kvaudit.source.RestTenantSource;
import io.kvaudit.source.TenantBodies;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Scans a tenant snapshot directory (docs/snapshot-format.md): the REST bodies come from files. Given several
 * directories, it scans them as the parts of one tenant ({@link SnapshotParts}).
 */
public final class SnapshotSource extends RestTenantSource {

    public SnapshotSource(Path dir) {
        super(new SnapshotBodies(dir));
    }

    /** One directory as {@link #SnapshotSource(Path)}; several as the parts of one tenant. */
    public SnapshotSource(List<Path> dirs) {
        super(open(dirs));
    }

    private static TenantBodies open(List<Path> dirs) {
        return dirs.size() == 1 ? new SnapshotBodies(dirs.get(0)) : SnapshotParts.open(dirs);
    }

    public Path directory() {
        return bodies() instanceof SnapshotParts p ? p.parts().get(0).dir() : ((SnapshotBodies) bodies()).directory();
    }

    /** Each part with its capture time and subscriptions (vaults not yet counted); empty for a single directory. */
    @Override
    public List<SnapshotPart> parts() {
        if (!(bodies() instanceof SnapshotParts p)) return List.of();
        return p.parts().stream().map(part -> new SnapshotPart(part.dir().toString(), part.tenant().capturedAt(),
                part.subscriptionIds(), 0)).toList();
    }

    @Override
    public Optional<LogSource> logs() {
        SnapshotLogSource logs = bodies() instanceof SnapshotParts p
                ? new SnapshotLogSource(p.parts().stream().map(SnapshotParts.Part::bodies).toList())
                : new SnapshotLogSource((SnapshotBodies) bodies());
        return logs.present() ? Optional.of(logs) : Optional.empty();
    }
}
