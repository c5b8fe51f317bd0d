// The job dashboard formats times with moment.js in the browser's locale and time zone. Staff
// compare them with the portal's pages and the logs, which are in UTC on a 24-hour clock: format
// every time shown in full that way, whatever the browser's settings.
(function (moment) {
    if (!moment || moment.fn.servalaUtc) {
        return;
    }

    var full = 'YYYY-MM-DD HH:mm:ss [UTC]';
    var formats = { 'llll': full, 'l LTS': full, 'LLLL': full, 'LLL': full, 'lll': full, 'LTS': 'HH:mm:ss', 'LT': 'HH:mm' };
    var format = moment.fn.format;
    moment.fn.format = function (pattern) {
        return format.call(this.clone().utc(), formats[pattern] || pattern);
    };
    moment.fn.servalaUtc = true;
})(window.moment);
