// The account service arrives with issue 3.
