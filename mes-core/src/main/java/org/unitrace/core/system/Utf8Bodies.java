package org.unitrace.core.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import org.unitrace.contract.StrictUtf8;

/**
 * Every JSON, YAML or text request body is checked to be UTF-8 before it is parsed, and refused
 * (400, naming the byte offset) when it is not: Jackson decodes UTF-8 by itself and would read an
 * overlong form such as {@code C0 AF} as '/', and the text converters would replace a bad sequence
 * with U+FFFD. Either way one serial could arrive as two.
 */
@ControllerAdvice
class Utf8Bodies extends RequestBodyAdviceAdapter {

  @Override
  public boolean supports(
      MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> type) {
    return true;
  }

  @Override
  public HttpInputMessage beforeBodyRead(
      HttpInputMessage input,
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType)
      throws IOException {
    if (!isText(input.getHeaders().getContentType())) {
      return input;
    }
    byte[] body = input.getBody().readAllBytes();
    try {
      StrictUtf8.check(body);
    } catch (StrictUtf8.MalformedException e) {
      throw new IllegalArgumentException("the request body is " + e.getMessage(), e);
    }
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return input.getHeaders();
      }
    };
  }

  private static boolean isText(MediaType type) {
    if (type == null) {
      return true;
    }
    String subtype = type.getSubtype();
    return type.getType().equals("text")
        || subtype.equals("json")
        || subtype.endsWith("+json")
        || subtype.contains("yaml");
  }
}
