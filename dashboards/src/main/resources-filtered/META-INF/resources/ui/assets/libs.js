// Where the WebJars are served; the versions come from the build (Maven resource filtering, @...@ as under the Spring Boot parent).
export const UPLOT = '/webjars/uplot/@uplot.version@/dist/';
