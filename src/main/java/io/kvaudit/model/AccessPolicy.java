package io.kvaudit.model;

import java.util.List;

/** A legacy access-policy entry; permission names are lower-cased ("get", "list", "all", "purge"...). */
public record AccessPolicy(String tenantId, String objectId, String applicationId,
                           List<String> keys, List<String> secrets, List<String> certificates, List<String> storage) {}
