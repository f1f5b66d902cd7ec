/*
 * R27: passkeys need navigator.credentials, which only script can call. A form marked data-passkey="create" or
 * "get" carries the server's WebAuthn options (JSON) in data-options; on submit this script runs the ceremony and
 * posts the browser's answer (its JSON form) in the hidden field named by data-field (in a form that takes a code
 * too, only when its data-passkey-trigger button is pressed). Served as a file from
 * 'self' under the pages' Content-Security-Policy; every other page works without it.
 */
(function () {
  'use strict';

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (descriptor) {
      return { id: toBytes(descriptor.id), type: descriptor.type, transports: descriptor.transports };
    });
  }

  function creationOptions(json) {
    var options = Object.assign({}, json, { challenge: toBytes(json.challenge), excludeCredentials: withIds(json.excludeCredentials) });
    options.user = Object.assign({}, json.user, { id: toBytes(json.user.id) });
    return options;
  }

  function requestOptions(json) {
    return Object.assign({}, json, { challenge: toBytes(json.challenge), allowCredentials: withIds(json.allowCredentials) });
  }

  /** The credential as JSON (PublicKeyCredential.toJSON() where the browser has it). */
  function credentialJson(credential) {
    if (typeof credential.toJSON === 'function') return credential.toJSON();
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      response: { clientDataJSON: toBase64url(response.clientDataJSON) },
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      if (typeof response.getTransports === 'function') json.response.transports = response.getTransports();
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) json.response.userHandle = toBase64url(response.userHandle);
    }
    return json;
  }

  function ceremony(form) {
    var json = JSON.parse(form.getAttribute('data-options'));
    if (form.getAttribute('data-passkey') === 'create') return navigator.credentials.create({ publicKey: creationOptions(json) });
    return navigator.credentials.get({ publicKey: requestOptions(json) });
  }

  function showFailure(form) {
    var message = form.querySelector('[data-passkey-error]');
    if (!message) return;
    message.hidden = false;
    message.focus();
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-passkey')) return;
    // A form that also takes a code runs the ceremony only from its passkey button (data-passkey-trigger).
    var submitter = event.submitter || null;
    if (form.querySelector('[data-passkey-trigger]') && !(submitter && submitter.hasAttribute('data-passkey-trigger'))) return;
    var field = form.elements.namedItem(form.getAttribute('data-field'));
    // The answer is in: this is the script's own submit.
    if (field.value) return;
    event.preventDefault();
    if (!window.PublicKeyCredential) return showFailure(form);
    ceremony(form).then(
      function (credential) {
        field.value = JSON.stringify(credentialJson(credential));
        if (submitter && typeof form.requestSubmit === 'function') form.requestSubmit(submitter);
        else form.submit();
      },
      function () {
        showFailure(form);
      },
    );
  });
})();
