package io.kvaudit.model;

import java.util.List;

/** A diagnostic setting of a vault: where its logs go (workspace, storage account, event hub) and which. */
public record DiagnosticSetting(String id, String name, String workspaceId, String storageAccountId,
                                String eventHubAuthorizationRuleId, String logAnalyticsDestinationType,
                                List<LogSetting> logs) {}
