package dev.rollouttest.junit;

import org.apiguardian.api.API;

/** How many tests share a namespace. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum NamespaceScope {
  /**
   * The configured default, {@value RolloutTest#NAMESPACE_SCOPE_KEY} ({@link #PER_METHOD} unless
   * set).
   */
  DEFAULT,
  /** A fresh namespace for each test method; class-level manifests are applied into each. */
  PER_METHOD,
  /**
   * One namespace for the whole class; class-level manifests are applied once, before all tests.
   */
  PER_CLASS
}
