output "proxy_ips" {
  value = google_compute_instance.proxy[*].network_interface[0].access_config[0].nat_ip
}
