// The public report form: fills latitude and longitude from the phone's position when asked.
// The form works without it (village or address).
(function () {
  var button = document.getElementById("locate");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (p) {
        document.getElementById("lat").value = p.coords.latitude.toFixed(6);
        document.getElementById("lon").value = p.coords.longitude.toFixed(6);
        button.disabled = false;
      },
      function () { button.disabled = false; },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });
})();
