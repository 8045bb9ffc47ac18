package io.kvaudit.model;

/** A private endpoint connection of a vault and the state of its link ("Approved", "Pending", ...). */
public record PrivateEndpointConnection(String id, String privateEndpointId, String status, String provisioningState) {}
