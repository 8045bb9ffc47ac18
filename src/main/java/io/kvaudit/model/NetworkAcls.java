package io.kvaudit.model;

import java.util.List;

/** A vault's firewall: {@code defaultAction} Allow or Deny, IP rules as CIDR strings, subnet ids. Null fields were absent. */
public record NetworkAcls(String defaultAction, String bypass, List<String> ipRules, List<String> virtualNetworkRules) {}
