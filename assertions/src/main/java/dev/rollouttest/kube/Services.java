package dev.rollouttest.kube;

import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Which pods a Service gets endpoints for, as the EndpointSlice controller decides ({@code
 * pkg/controller/endpointslice} {@code syncService}): the pods whose labels include every label of
 * the Service's selector. A Service without a selector gets no EndpointSlices from the controller
 * (they are written by hand), nor does one of type {@code ExternalName}; the API server keeps an
 * empty selector as none.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Services {

  /** The label by which an EndpointSlice names the Service it belongs to. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private Services() {}

  /**
   * Whether the controller lists pods carrying {@code podLabels} as endpoints of {@code service}.
   */
  public static boolean selects(Service service, Map<String, String> podLabels) {
    if (service.getSpec() == null || "ExternalName".equals(service.getSpec().getType())) {
      return false;
    }
    Map<String, String> selector = service.getSpec().getSelector();
    return selector != null
        && !selector.isEmpty()
        && podLabels.entrySet().containsAll(selector.entrySet());
  }
}
