print("iamvault 0.1.0")
